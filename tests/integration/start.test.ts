import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start -- --headless` prints exactly one line per front end and serves each of them; the kiosk
// line is the kiosk host's own page (with its bridge secret), and it says how to place a card and
// where printed tickets appear. (npm test builds dist/ before the suites run; --no-build reuses it.)

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
    let out = '';
    const urls = await new Promise<Record<string, string>>((resolve, reject) => {
      const found: Record<string, string> = {};
      const timer = setTimeout(() => reject(new Error(`not ready within 45 s; output:\n${out}`)), 45_000);
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        for (const m of out.matchAll(/^(kiosk|console|display|dashboard): (http\S+)$/gm))
          found[m[1]!] = m[2]!;
        if (Object.keys(found).length === 4 && /^start: running/m.test(out)) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      child!.once('exit', (code) => reject(new Error(`start exited ${code}; output:\n${out}`)));
    });
    for (const name of ['kiosk', 'console', 'display', 'dashboard']) {
      expect(out.match(new RegExp(`^${name}: `, 'gm')), name).toHaveLength(1);
    }
    // The kiosk is the kiosk host's page, with the bridge secret in the fragment and its own CSP.
    expect(urls.kiosk).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kiosk\/#bridge=[0-9a-f]{32,}$/);
    expect(new URL(urls.kiosk!).port).not.toBe(new URL(urls.console!).port);
    const kioskPage = await fetch(urls.kiosk!);
    expect(kioskPage.headers.get('content-security-policy')).toContain('ws://127.0.0.1:');
    // How to place a card, and where printed tickets go.
    const control = /^card: .*"place 1".*POST (http:\/\/127\.0\.0\.1:\d+\/)place\/1$/m.exec(out);
    expect(control, out).not.toBeNull();
    expect(out).toMatch(new RegExp(`^printed: ${dataDir}/kiosk/printed `, 'm'));
    const placed = await fetch(`${control![1]}place/1`, { method: 'POST' });
    expect(await placed.text()).toMatch(/card 1 placed/);
    // How to scan a QR code with the simulated serial scanner.
    expect(out).toMatch(new RegExp(`^scan: .*"scan CODE".*POST ${control![1]}scan/CODE$`, 'm'));
    const scanned = await fetch(`${control![1]}scan/K7Q2M9`, { method: 'POST' });
    expect(await scanned.text()).toMatch(/scanned "K7Q2M9"/);
    for (const name of ['kiosk', 'console', 'display', 'dashboard']) {
      const res = await fetch(urls[name]!);
      expect(res.status, name).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
    }
  });
});
