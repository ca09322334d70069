import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createKioskHost, type KioskHost } from '../host/host';
import { createLogger, scrubIdNumbers, type HostLogger } from '../host/log';
import { kioskCsp } from './csp';
import { registerIpc } from './ipc';
import { installLifecycle, PreventDisplaySleep } from './lifecycle';
import { lockDownWebContents } from './navigation';
import { RESTART_EXIT_CODE, shellPaths } from './paths';
import { installPermissionHandlers } from './permissions';
import { APP_ORIGIN, registerAppProtocol, SCHEME_PRIVILEGES } from './protocol';
import { createStartupFailureHandler, StartupRetry } from './startup';
import { startShellUpdates, updateStateFileOf } from './updater-glue';
import { isBlockedShortcut, kioskWindowOptions } from './window';

// Composition root of the Electron shell: wires the kiosk host (plain Node, main/host) to a locked-down
// kiosk window. Everything with logic lives in the modules imported above and is unit-tested without
// the Electron binary; this file only connects them (style.md: a thin electron-main).

// A packaged build is always production: no command-line switch unlocks DevTools on a kiosk (a local
// user could otherwise start it with --enable-dev-tools and inspect a resident's session).
const production = app.isPackaged;
const paths = shellPaths(__dirname);
const log = {
  info: (m: string) => console.log(`[electron] ${m}`),
  warn: (m: string) => console.warn(`[electron] ${m}`),
  error: (m: string) => console.error(`[electron] ${m}`),
};

if (!app.requestSingleInstanceLock()) app.exit(0);
app.enableSandbox();
protocol.registerSchemesAsPrivileged([SCHEME_PRIVILEGES]);
Menu.setApplicationMenu(null);

let window: BrowserWindow | null = null;
let host: KioskHost | null = null;
let retry: StartupRetry | null = null;
let stopUpdates: (() => void) | null = null;

app.on('web-contents-created', (_e, contents) => lockDownWebContents(contents, APP_ORIGIN, log));
installLifecycle(app, () => window, log);

const dataDir = () => join(app.getPath('userData'), 'kiosk');
let csp = "default-src 'none'"; // until the host has read the central URL

/** Once per run: the window, its lockdown and the app scheme; shows nothing until a page is loaded. */
function prepareWindow(): BrowserWindow {
  installPermissionHandlers(session.defaultSession, APP_ORIGIN);
  registerAppProtocol(protocol, paths.rendererDir, () => csp);
  const w = new BrowserWindow(kioskWindowOptions({ production, preloadPath: paths.preload }));
  if (production) {
    w.webContents.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input)) event.preventDefault();
    });
    w.on('close', (event) => event.preventDefault()); // closable is not implemented on Linux
  }
  new PreventDisplaySleep(powerSaveBlocker).enable();
  w.once('ready-to-show', () => w.show());
  return w;
}

/** One start attempt: the host, IPC and the kiosk page; undone when a step fails, so it can be retried. */
async function startKiosk(w: BrowserWindow): Promise<void> {
  const h = await createKioskHost({
    dataDir: dataDir(),
    logEcho: !production,
    // The shell's own updater reports here; the heartbeat carries it (docs/electron-shell.md).
    updaterStateFile: updateStateFileOf(dataDir()),
  });
  let disposeIpc: (() => void) | null = null;
  try {
    // The service manager starts the shell again (docs/electron-shell.md): no relaunch of our own.
    h.onRestart(() => app.exit(RESTART_EXIT_CODE));
    csp = kioskCsp(new URL(h.config.centralUrl).origin);
    disposeIpc = registerIpc(ipcMain, h, () => window?.webContents ?? null, APP_ORIGIN);
    const page = paths.kioskPage;
    if (!existsSync(page)) throw new Error(`the kiosk screens are missing (${page}): reinstall the package`);
    await w.loadURL(`${APP_ORIGIN}/kiosk/`);
    host = h;
  } catch (err) {
    disposeIpc?.();
    await h.close().catch(() => undefined);
    throw err;
  }
}

// A start that fails (e.g. a broken kiosk.json) is logged to the console and <data>/logs/host.log,
// the window shows a local page saying what is wrong and what to do, and the start is retried until it
// works (docs/electron-shell.md "When the kiosk cannot start"). Only when not even that page can be
// shown does the process exit non-zero.
async function main(): Promise<void> {
  const w = (window = prepareWindow());
  let fileLog: HostLogger;
  try {
    fileLog = createLogger({ dir: join(dataDir(), 'logs') });
  } catch {
    fileLog = createLogger(); // the data folder cannot be written: the console and the page still say why
  }
  const onFailure = createStartupFailureHandler({
    configFile: join(dataDir(), 'kiosk.json'),
    logFile: fileLog.file ?? join(dataDir(), 'logs', 'host.log'),
    log: (line) => {
      log.error(line);
      fileLog.log('error', 'startup', line);
    },
    show: (html) => w.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`),
  });
  retry = new StartupRetry(() => startKiosk(w), onFailure);
  if (!(await retry.run())) return;
  log.info(retry.attempts > 1 ? `started after ${retry.attempts} attempts` : 'started');
  // Only a packaged build updates itself (electron-updater is inactive otherwise); central's feed
  // decides who is in the rollout, updates.ts when it may be installed.
  const h = host;
  if (production && h) {
    stopUpdates = await startShellUpdates({
      centralUrl: h.config.centralUrl,
      version: app.getVersion(),
      dataDir: h.dataDir,
      keyFile: paths.updateKey,
      stationToken: () => h.stationToken(),
      sessionActive: () => h.sessionActive(),
      log: h.logger.log,
    });
  }
}

app
  .whenReady()
  .then(main)
  .catch((err: unknown) => {
    log.error(
      `could not start and cannot show why on screen: ${scrubIdNumbers(String((err as Error)?.message ?? err))}`,
    );
    app.exit(1);
  });
app.on('before-quit', () => {
  stopUpdates?.();
  retry?.stop();
  void host?.close();
});
