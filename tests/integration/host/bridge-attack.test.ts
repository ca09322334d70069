/// <reference lib="dom" />
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/chromium';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';

// Another local user on the kiosk machine (here `nobody`) tries to take over the resident's session:
// it reads the page URL the shell gave Chromium (any local user can read /proc/<pid>/cmdline) and the
// kiosk's data folder, and attaches to the bridge. Once the real page is attached the URL's token is
// spent, the session secret is nowhere it can read, and the data folder is closed to it.

const isRoot = process.getuid?.() === 0;
const ws = createRequire(import.meta.url).resolve('ws');

let stack: KioskStack;
let browser: Browser;
let dataDir: string;
let leakedUrl: string;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
  dataDir = stack.host.dataDir;
  browser = await launchChromium();
  leakedUrl = stack.kioskUrl; // what Chromium's command line would show
  const page = await browser.newPage();
  await page.goto(leakedUrl);
  await page.evaluate(() => window.doorstep!.call('link.status', {}));
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Runs a script as `nobody` (asynchronously: the bridge it attacks runs in this process); it prints one JSON line. */
async function asNobody(script: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const child = spawn('runuser', ['-u', 'nobody', '--', process.execPath, '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('close', (c) => r(c)));
  if (code !== 0) throw new Error(`the script failed as nobody (${code}): ${err}`);
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe.skipIf(!isRoot)('a local user who is not the kiosk', () => {
  it('cannot attach to the bridge with the URL it read from the command line', async () => {
    const u = new URL(leakedUrl);
    const token = /bridge=([0-9a-f]+)/.exec(u.hash)![1]!;
    const out = await asNobody(
      `const WebSocket = require(process.env.WS);
       const s = new WebSocket(process.env.URL, ['doorstep.v1', 'secret.' + process.env.TOKEN], { origin: process.env.ORIGIN });
       s.on('open', () => { console.log(JSON.stringify({ attached: true })); process.exit(0); });
       s.on('unexpected-response', (_q, res) => { console.log(JSON.stringify({ attached: false, status: res.statusCode })); process.exit(0); });
       s.on('error', (e) => { console.log(JSON.stringify({ attached: false, error: String(e) })); process.exit(0); });`,
      { WS: ws, URL: `ws://${u.host}/bridge`, TOKEN: token, ORIGIN: u.origin },
    );
    expect(out).toEqual({ attached: false, status: 401 });
  });

  it('cannot read the kiosk data folder, where the station token and the page profile live', async () => {
    const out = await asNobody(
      `const fs = require('node:fs');
       const tries = {};
       for (const p of [process.env.DIR, process.env.DIR + '/kiosk.db', process.env.DIR + '/kiosk.json']) {
         try { fs.readdirSync(p); tries[p] = 'read'; } catch (e) {
           try { fs.readFileSync(p); tries[p] = 'read'; } catch (e2) { tries[p] = e2.code; } }
       }
       console.log(JSON.stringify(tries));`,
      { DIR: dataDir },
    );
    for (const [path, result] of Object.entries(out)) expect(result, path).toBe('EACCES');
  });
});

describe('the kiosk data folder', () => {
  it('is 0700 with every file 0600', () => {
    const walk = (d: string): string[] =>
      readdirSync(d).flatMap((n) => {
        const p = join(d, n);
        const st = statSync(p);
        return st.isDirectory() ? [p, ...walk(p)] : st.isFile() ? [p] : [];
      });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const files = walk(dataDir).filter((p) => !p.includes(`${join(dataDir, 'chromium')}`));
    expect(files.some((f) => f.endsWith('kiosk.db'))).toBe(true);
    for (const f of files) {
      const mode = statSync(f).mode & 0o777;
      expect(mode, f).toBe(statSync(f).isDirectory() ? 0o700 : 0o600);
    }
  });
});
