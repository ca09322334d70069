import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start -- --headless` prints exactly one line per front end and serves each of them; the kiosk
// line is the kiosk host's own page (with its bridge secret), and it says how to place a card and
// where printed tickets appear. The URL block comes first, the services' logs go to files, and a
// service that dies is started again on the same URL. (npm test builds dist/ before the suites run;
// --no-build reuses it.)

/** Resolves with the whole output once `pattern` appears in it (bounded by `ms`). */
function waitForOutput(
  child: ChildProcess,
  read: () => string,
  pattern: RegExp,
  ms: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(read())) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.stderr!.off('data', check);
        resolve(read());
      }
    };
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${ms} ms; output:\n${read()}`)),
      ms,
    );
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    check();
  });
}

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

  it(
    'prints the URL block first, logs to files and restarts central when it dies',
    { timeout: 150_000 },
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'doorstep-start-'));
      child = spawn(
        'node',
        ['scripts/start.mjs', '--headless', '--no-build', '--port', '0', '--data', dataDir],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let all = ''; // stdout and stderr interleaved, as a terminal shows them
      child.stderr!.on('data', (d: Buffer) => (all += d.toString()));
      child.stdout!.on('data', (d: Buffer) => (all += d.toString()));
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
      // A newcomer sees the URL block first: all four among the terminal's first 15 lines, and the
      // services' request logs in files instead of the terminal.
      const first15 = all.split('\n').slice(0, 15).join('\n');
      for (const name of ['kiosk', 'console', 'display', 'dashboard']) {
        expect(first15, all).toMatch(new RegExp(`^${name}: http`, 'm'));
      }
      expect(all).not.toMatch(/"level":/);
      expect(readFileSync(join(dataDir, 'logs', 'central.log'), 'utf8')).toMatch(/"level":30/);
      // The display URL opens the demo centre's board.
      expect(urls.display).toMatch(/\/display\/\?centre=c-zhangjiang$/);
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
      // `cards` lists each test card with its name and ID number.
      const cards = await (await fetch(`${control![1]}cards`, { method: 'POST' })).text();
      expect(cards).toMatch(/1\. 王小明 {2}31011519850312001[0-9X] {2}\(resident/);
      for (const name of ['kiosk', 'console', 'display', 'dashboard']) {
        const res = await fetch(urls[name]!);
        expect(res.status, name).toBe(200);
        expect(await res.text()).toContain('<div id="root">');
      }

      // Central dies: npm start says so and starts it again where the printed URLs point.
      const ps = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)], { encoding: 'utf8' });
      const centralPid = Number(/^\s*(\d+) node dist\/central\/cli\.js/m.exec(ps)?.[1]);
      expect(centralPid, ps).toBeGreaterThan(0);
      process.kill(centralPid, 'SIGKILL');
      await waitForOutput(
        child,
        () => all,
        /^start: central stopped \(signal SIGKILL\); restarting it/m,
        10_000,
      );
      await waitForOutput(child, () => all, /^start: central is running again/m, 45_000);
      expect((await fetch(urls.console!)).status).toBe(200);
      expect(child.exitCode).toBeNull();
    },
  );
});
