import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start -- --headless` prints exactly one line per front end and serves each of them.
// (npm test builds dist/ before the suites run; --no-build reuses it.)

describe('npm start --headless', () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints kiosk/console/display/dashboard URLs that serve pages', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'doorstep-start-'));
    child = spawn(
      'node',
      ['scripts/start.mjs', '--headless', '--no-build', '--port', '0', '--data', dataDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const urls = await new Promise<Record<string, string>>((resolve, reject) => {
      const found: Record<string, string> = {};
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URLs within 30 s; output:\n${out}`)), 30_000);
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        for (const m of out.matchAll(/^(kiosk|console|display|dashboard): (http\S+)$/gm))
          found[m[1]!] = m[2]!;
        if (Object.keys(found).length === 4) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      child!.once('exit', (code) => reject(new Error(`start exited ${code}; output:\n${out}`)));
    });
    for (const name of ['kiosk', 'console', 'display', 'dashboard']) {
      const res = await fetch(urls[name]!);
      expect(res.status, name).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
    }
  });
});
