import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

// A fresh kiosk waits on its "not provisioned" page until a technician comes, maybe for hours. systemd
// kills a host that stops pinging its watchdog (WatchdogSec=60) and the screen with it (the display
// unit is PartOf the host): under qemu the unprovisioned kiosk restarted every minute and never showed
// its page. The real host process, as the package's unit starts it, with systemd's variables and a
// `systemd-notify` on PATH that records what it was asked to send.

const TSX = 'node_modules/.bin/tsx';
const dir = mkdtempSync(join(tmpdir(), 'doorstep-watchdog-'));
const pings = join(dir, 'pings');
const urlFile = join(dir, 'kiosk-url');
let child: ChildProcess | undefined;

// One host for both tests, started here so that each test waits on what it checks and runs alone too.
beforeAll(() => {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  mkdirSync(join(dir, 'watch'));
  writeFileSync(join(bin, 'systemd-notify'), `#!/bin/sh\necho "$@" >> '${pings}'\n`);
  chmodSync(join(bin, 'systemd-notify'), 0o755);
  child = spawn(
    TSX,
    [
      'main/host/cli.ts',
      ...['--data', join(dir, 'kiosk'), '--headless', '--first-boot'],
      ...['--provision-watch', join(dir, 'watch'), '--url-file', urlFile, '--screen-grace', '3'],
    ],
    {
      stdio: 'ignore',
      env: {
        ...process.env,
        DISPLAY: '',
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        NOTIFY_SOCKET: join(dir, 'notify.sock'),
        WATCHDOG_USEC: '2000000', // pings every 0.5 s
      },
    },
  );
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Polls `probe` every 100 ms until it is true or `ms` pass (bounded: a child process's files, no event). */
async function until(probe: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return probe();
}

it('pings the systemd watchdog while the "not provisioned" page waits for its technician', async () => {
  // The not-provisioned page is up (its address is left for the display session)…
  expect(await until(() => existsSync(urlFile), 60_000)).toBe(true);
  const page = await fetch(readFileSync(urlFile, 'utf8').trim());
  expect(await page.text()).toContain('本终端尚未配置');
  // …and the watchdog is pinged while it waits, more than once: nothing has enrolled the kiosk.
  const pinged = () => existsSync(pings) && readFileSync(pings, 'utf8').split('WATCHDOG=1').length > 2;
  expect(await until(pinged, 15_000)).toBe(true);
  expect(readFileSync(pings, 'utf8')).toMatch(/--pid=\d+ READY=1 WATCHDOG=1/);
  expect(child!.exitCode).toBeNull();
}, 90_000);

it('asks for the display session to be restarted when no page shows on the screen, not while one does', async () => {
  // The host above (its not-provisioned page is served, nothing but at most the first test's one
  // request fetched it): a Chromium that never loads the page.
  const restartFile = join(dir, 'restart-display');
  expect(await until(() => existsSync(restartFile), 80_000)).toBe(true);
  // A page that polls its state, as the real one does every second: no further restart. (The host is
  // another process on real time; the window is its doubled grace, not a guess at a settling time.)
  rmSync(restartFile);
  const url = new URL(readFileSync(join(dir, 'kiosk-url'), 'utf8').trim());
  const stateUrl = `${url.origin}/provision/state`;
  const end = Date.now() + 8000; // over twice the doubled grace (3 s → 6 s) since the restart
  while (Date.now() < end) {
    expect((await fetch(stateUrl)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(existsSync(restartFile)).toBe(false);
  expect(child!.exitCode).toBeNull();
}, 120_000);
