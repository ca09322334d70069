import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCentral, type RunningCentral } from '../../../central/server';
import { verifyPin } from '../../../main/host/config';
import type { DriverFactory } from '../../../main/host/devices/drivers';
import { createKioskHost } from '../../../main/host/host';
import { signIn } from '../../helpers/staff';

// The kiosk host process (`npm run kiosk`): --help, and a headless start that enrolls with a code and
// prints `kiosk: <url>` for a page that loads (dist/ is built by npm test before the suites).

const TSX = 'node_modules/.bin/tsx';

/** No serial devices at all (these tests are about enrollment, not hardware). */
const noDevices: DriverFactory = {
  reader: () => {
    throw new Error('no reader in this test');
  },
  printer: () => {
    throw new Error('no printer in this test');
  },
  detect: async () => ({ reader: null, printer: null }),
};

function run(args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const p = spawn(TSX, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, DISPLAY: '' },
    });
    let stdout = '';
    p.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    p.once('exit', (status) => resolve({ status, stdout }));
  });
}

async function centralRoot(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'doorstep-kiosk-cli-'));
  dirs.push(root);
  central ??= await startCentral({ port: 0, dataDir: join(root, 'central'), seed: 'demo' });
  return root;
}
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

  it('provisions a data folder (enrollment, PIN) and exits, for another shell to use', async () => {
    const root = await centralRoot();
    const data = join(root, 'provisioned');
    const code = await central!.enrollmentCode('s-huamu-2');
    // Not spawnSync: central runs in this process and must keep answering.
    const r = await run([
      'main/host/cli.ts',
      '--provision',
      '--central',
      central!.url,
      '--enroll-code',
      code,
      '--set-pin',
      '135790',
      '--data',
      data,
    ]);
    expect(r.stdout).toContain('(enrolled)');
    expect(r.status).toBe(0);
    const config = JSON.parse(readFileSync(join(data, 'kiosk.json'), 'utf8')) as {
      techPinHash: string;
      centralUrl: string;
    };
    expect(verifyPin('135790', config.techPinHash)).toBe(true);
    expect(config.centralUrl).toBe(central!.url);
    const host = await createKioskHost({ dataDir: data, drivers: noDevices });
    try {
      expect((await host.call('link.status', {})).enrolled).toBe(true);
      expect((await host.call('config.get', {})).centreId).toBe('c-huamu');
    } finally {
      await host.close();
    }
  });

  it('enrolls from a one-time enroll-code file, deletes it, and shows a revoked token as not enrolled', async () => {
    const root = await centralRoot();
    const data = join(root, 'from-file');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'kiosk.json'), JSON.stringify({ centralUrl: central!.url }));
    writeFileSync(join(data, 'enroll-code'), `${await central!.enrollmentCode('s-lujiazui-1')}\n`);
    const host = await createKioskHost({ dataDir: data, drivers: noDevices });
    try {
      expect((await host.call('link.status', {})).enrolled).toBe(true);
      expect(existsSync(join(data, 'enroll-code'))).toBe(false);

      // Revoked by an admin: the kiosk stops calling itself enrolled.
      const db = new Database(join(data, 'kiosk.db'), { readonly: true });
      const { info } = db.prepare('SELECT info FROM station').get() as { info: string };
      db.close();
      const admin = await signIn(central!.url, 'admin');
      await admin.post(`/api/v1/admin/kiosks/${(JSON.parse(info) as { kioskId: string }).kioskId}/revoke`);
      await host.syncNow();
      expect((await host.call('link.status', {})).enrolled).toBe(false);
    } finally {
      await host.close();
    }
  });

  it('enrolls with a code and serves the kiosk page headless', async () => {
    const root = await centralRoot();
    const code = await central!.enrollmentCode('s-huamu-1');
    child = spawn(
      TSX,
      ['main/host/cli.ts', '--central', central!.url, '--enroll-code', code, '--data', join(root, 'kiosk')],
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
    // The page address only: the bridge's one-time token goes to Chromium, never to the output.
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kiosk\/$/);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });
});
