import { existsSync, writeFileSync } from 'node:fs';
import { startWatchdog } from './watchdog';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { hashPin, type HostConfigInput } from './config';
import { createKioskHost, type KioskHost } from './host';
import { openKioskWindow } from './browser-shell/chromium';
import { kioskPolicies } from './browser-shell/policies';
import { startBrowserShell } from './browser-shell/server';
import { runFirstBoot } from './provisioning/run';
import { ScreenWatchdog } from './screen-watchdog';
import { waylandScreenshot } from './screenshot';
import { createLogger } from './log';
import { requestDisplayRestart } from './services/local-state';
import { centralUrlProblem, readCentralCa } from './link/tls';

// The kiosk host process (browser shell): the host, its local web server and bridge on 127.0.0.1,
// and Chromium in kiosk mode unless --headless. Prints `kiosk: <url>` once ready.

const HELP = `Doorstep kiosk host (browser shell)

Usage: npm run kiosk -- [options]

  --central URL        central service (saved in <data>/kiosk.json; default http://127.0.0.1:8080);
                       https, or http to this machine only (development)
  --central-ca FILE    pin the district CA (PEM): central's certificate must chain to it; saved in
                       kiosk.json (\`none\` removes the pin; docs/tls.md)
  --enroll-code CODE   one-time enrollment code from the central admin (first start only)
  --data DIR           data folder: kiosk.json, kiosk.db, logs/ (default .data/kiosk)
  --reader PATH        ID card reader serial port (default: auto-detect)
  --reader-baud N      its baud rate (default 115200)
  --printer PATH       ticket printer serial port (default: auto-detect)
  --printer-baud N     its baud rate (default 9600)
  --set-pin PIN        set the technician PIN (4-12 digits; stored hashed) and continue
  --provision          enroll and save the settings, then exit (e.g. for the Electron shell's data folder)
  --port N             port of the kiosk page and bridge on 127.0.0.1 (default 0 = any free port)
  --renderer DIR       built front ends (default dist/renderer)
  --headless           do not open Chromium
  --url-file FILE      (with --headless) keep a fresh one-time kiosk page URL in FILE (0600) for the
                       display session to open; a new one is written once it is taken
  --screen-grace SECONDS  (with --url-file) when no page has shown on the screen for this long, ask
                       for the display session to be restarted (default 180; 0 = never)
  --chromium-policy FILE  write Chromium's managed policies for this kiosk page (root installs it in
                       /etc/chromium/policies/managed/) and exit; needs --port
  --first-boot         a fresh kiosk (the package's unit): until enrolled, show the "not provisioned"
                       page and wait for a provision.json or a scanned enrollment QR, then start
  --provision-watch DIRS  (with --first-boot) comma-separated folders searched for provision.json and
                       one level below (default /boot,/boot/firmware,/run/doorstep-kiosk/media)
  --help               show this help
`;

/**
 * The packaged display session (cage + Chromium, another unit of the same user) takes the page URL from
 * this file and deletes it; the URL's token works once, so a fresh one is written whenever it was taken.
 */
function keepUrlFile(file: string, mint: () => string): void {
  const write = () => {
    if (!existsSync(file)) writeFileSync(file, `${mint()}\n`, { mode: 0o600 });
  };
  write();
  setInterval(write, 1000).unref();
}

function fail(message: string): never {
  process.stderr.write(`kiosk: ${message}\n\n${HELP}`);
  process.exit(2);
}

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 4_000_000) fail(`${name} must be a whole number, got "${v}"`);
  return n;
}

const OPTIONS = {
  central: { type: 'string' },
  'central-ca': { type: 'string' },
  'enroll-code': { type: 'string' },
  data: { type: 'string', default: '.data/kiosk' },
  reader: { type: 'string' },
  'reader-baud': { type: 'string' },
  printer: { type: 'string' },
  'printer-baud': { type: 'string' },
  'set-pin': { type: 'string' },
  port: { type: 'string', default: '0' },
  renderer: { type: 'string', default: 'dist/renderer' },
  headless: { type: 'boolean', default: false },
  'chromium-policy': { type: 'string' },
  'url-file': { type: 'string' },
  'screen-grace': { type: 'string', default: '180' },
  provision: { type: 'boolean', default: false },
  'first-boot': { type: 'boolean', default: false },
  'provision-watch': { type: 'string', default: '/boot,/boot/firmware,/run/doorstep-kiosk/media' },
  help: { type: 'boolean', default: false },
} as const;
type Args = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

function args(): Args {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (err) {
    fail((err as Error).message);
  }
}

/** The settings given on the command line, checked (kiosk.json keeps them). */
function hostConfigOf(a: Args): HostConfigInput {
  const config: HostConfigInput = {};
  if (a.central) {
    const problem = centralUrlProblem(a.central);
    if (problem) fail(problem);
    config.centralUrl = a.central;
  }
  if (a['central-ca'] === 'none') config.centralCa = null;
  else if (a['central-ca']) {
    try {
      config.centralCa = readCentralCa(resolve(a['central-ca']));
    } catch (err) {
      fail((err as Error).message);
    }
  }
  if (a.reader || a['reader-baud']) {
    config.reader = {
      ...(a.reader ? { path: a.reader } : {}),
      baudRate: num(a['reader-baud'], '--reader-baud'),
    };
  }
  if (a.printer || a['printer-baud']) {
    config.printer = {
      ...(a.printer ? { path: a.printer } : {}),
      baudRate: num(a['printer-baud'], '--printer-baud'),
    };
  }
  if (a['set-pin']) {
    try {
      config.techPinHash = hashPin(a['set-pin']);
    } catch (err) {
      fail((err as Error).message);
    }
  }
  return config;
}

/** --chromium-policy: the allowlist names the page's origin, so the port must be fixed (8081 packaged). */
function writeChromiumPolicy(port: number, path: string): void {
  if (!port) fail('--chromium-policy needs the fixed --port the kiosk page will use');
  const file = resolve(path);
  writeFileSync(file, `${JSON.stringify(kioskPolicies(`http://127.0.0.1:${port}`), null, 2)}\n`, {
    mode: 0o644,
  });
  process.stdout.write(`kiosk: Chromium policies for http://127.0.0.1:${port} written to ${file}\n`);
}

/**
 * The screen's watchdog (screen-watchdog.ts): with a display session taking the page's address
 * from the URL file, a screen on which no page shows life gets its display session restarted.
 */
function startScreenWatchdog(a: Args, dataDir: string): ScreenWatchdog | null {
  const graceS = Number(a['screen-grace']);
  if (!Number.isFinite(graceS) || graceS < 0) fail('--screen-grace must be a number of seconds (0 = never)');
  const screen =
    a['url-file'] && !a.provision && graceS > 0
      ? new ScreenWatchdog({
          graceMs: graceS * 1000,
          restart: () => requestDisplayRestart(dirname(resolve(a['url-file']!))),
          log: createLogger({ dir: resolve(dataDir, 'logs') }).log,
        })
      : null;
  const stopScreen = screen?.start();
  if (stopScreen) process.once('exit', stopScreen);
  return screen;
}

async function main(): Promise<void> {
  const a = args();
  if (a.help) {
    process.stdout.write(HELP);
    return;
  }
  const dataDir = resolve(a.data);
  const config = hostConfigOf(a);
  const port = num(a.port, '--port') ?? 0;
  if (port > 65535) fail('--port must be 0-65535');
  if (a['chromium-policy']) return writeChromiumPolicy(port, a['chromium-policy']);

  // Ready for systemd, and its watchdog fed from here on (main/host/watchdog.ts), while the "not
  // provisioned" page waits too — a kiosk may wait hours for its technician, and a host not pinging
  // then was killed every minute (and its screen with it: the display is PartOf the host).
  const stopWatchdog = startWatchdog();
  process.once('exit', stopWatchdog);
  const screen = startScreenWatchdog(a, dataDir);

  // A fresh kiosk: the "not provisioned" page on the kiosk page's port until it is enrolled.
  const firstBoot =
    a['first-boot'] && !a.provision && !a['enroll-code']
      ? await runFirstBoot({
          dataDir,
          port,
          watch: a['provision-watch'].split(',').filter(Boolean),
          urlFile: a['url-file'] ? resolve(a['url-file']) : undefined,
          onPageSeen: screen ? () => screen.alive() : undefined,
        })
      : null;
  if (firstBoot?.restart) process.exit(75);

  const host = await createKioskHost({
    dataDir,
    config: stripUndefined(config),
    enrollCode: a['enroll-code'],
    logEcho: false,
    // The browser shell's screen is the display session's cage: grim captures it (screenshot.ts).
    ...(a.headless && a['url-file'] ? { screenshot: waylandScreenshot() } : {}),
  });
  if (a.provision) {
    const link = await host.call('link.status', {});
    await host.close();
    process.stdout.write(
      `kiosk: provisioned in ${dataDir} (${link.enrolled ? 'enrolled' : 'NOT enrolled'})\n`,
    );
    process.exit(link.enrolled ? 0 : 1);
  }
  const shell = await startBrowserShell({
    host,
    log: host.logger.log,
    rendererDir: resolve(a.renderer),
    port,
    onPageAttached: screen ? (attached) => screen.setAttached(attached) : undefined,
  });
  // The page address only: the one-time token goes to Chromium, never to our output or the journal.
  process.stdout.write(`kiosk: ${shell.pageUrl}\n`);
  process.stdout.write(`kiosk-log: ${host.logger.file ?? '(console)'}\n`);
  if (a['url-file']) keepUrlFile(resolve(a['url-file']), () => shell.kioskUrl);
  // The screen showing the "not provisioned" page goes to the start screen by itself.
  if (firstBoot?.page) {
    firstBoot.page.handOff(shell.kioskUrl);
    await firstBoot.page.close();
  }

  runUntilStopped(a, dataDir, host, shell);
}

/** Opens the kiosk window (unless headless) and stops or restarts on a technician's request or a signal. */
function runUntilStopped(
  a: Args,
  dataDir: string,
  host: KioskHost,
  shell: Awaited<ReturnType<typeof startBrowserShell>>,
): void {
  let browser: ChildProcess | undefined;
  const stop = async (code: number) => {
    browser?.kill('SIGTERM');
    await shell.close().catch(() => undefined);
    await host.close().catch(() => undefined);
    process.exit(code);
  };
  if (!a.headless) {
    if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) {
      browser = openKioskWindow(shell.kioskUrl, resolve(dataDir, 'chromium'), (code) => {
        if (code === null)
          process.stderr.write('kiosk: could not start chromium; open the kiosk URL yourself.\n');
      });
    } else {
      process.stderr.write(
        'kiosk: no display found, so no browser was opened (pass --headless to silence this).\n',
      );
    }
  }
  // A technician restart: exit with 75 (EX_TEMPFAIL) so the service manager starts us again.
  host.onRestart(() => void stop(75));
  // SIGHUP asks for the same restart (systemctl kill -s HUP doorstep-kiosk-host, the image test).
  process.once('SIGHUP', () => void stop(75));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop(0));
}

function stripUndefined<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

main().catch((err: unknown) => {
  process.stderr.write(`kiosk: ${(err as Error).message}\n`);
  process.exit(1);
});
