import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCentral, type RunningCentral } from '../../../central/server';

// The kiosk host process (`npm run kiosk`): --help, and a headless start that enrolls with a code and
// prints `kiosk: <url>` for a page that loads (dist/ is built by npm test before the suites).

const TSX = 'node_modules/.bin/tsx';
let central: RunningCentral | undefined;
let child: ChildProcess | undefined;
const dirs: string[] = [];

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await central?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('kiosk host CLI', () => {
  it('explains its options with --help', () => {
    const r = spawnSync(TSX, ['main/host/cli.ts', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const opt of [
      '--central',
      '--enroll-code',
      '--data',
      '--reader',
      '--printer',
      '--port',
      '--headless',
    ]) {
      expect(r.stdout).toContain(opt);
    }
    const dev = spawnSync(TSX, ['main/host/dev/cli.ts', '--help'], { encoding: 'utf8' });
    expect(dev.status).toBe(0);
    expect(dev.stdout).toContain('place N');
  });

  it('refuses an unknown option with exit code 2', () => {
    const r = spawnSync(TSX, ['main/host/cli.ts', '--bogus'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage');
  });

  it('enrolls with a code and serves the kiosk page headless', async () => {
    const root = mkdtempSync(join(tmpdir(), 'doorstep-kiosk-cli-'));
    dirs.push(root);
    central = await startCentral({ port: 0, dataDir: join(root, 'central'), seed: 'demo' });
    const code = await central.enrollmentCode('s-huamu-1');
    child = spawn(
      TSX,
      ['main/host/cli.ts', '--central', central.url, '--enroll-code', code, '--data', join(root, 'kiosk')],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: '' } },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no kiosk line in 30 s:\n${out}`)), 30_000);
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^kiosk: (\S+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child!.once('exit', (c) => reject(new Error(`exited ${c}:\n${out}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kiosk\/#bridge=[0-9a-f]{48}$/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });
});
