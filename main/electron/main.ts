import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session } from 'electron';
import { join, resolve } from 'node:path';
import { createKioskHost, type KioskHost } from '../host/host';
import { kioskCsp } from './csp';
import { registerIpc } from './ipc';
import { installLifecycle, PreventDisplaySleep } from './lifecycle';
import { lockDownWebContents } from './navigation';
import { installPermissionHandlers } from './permissions';
import { APP_ORIGIN, registerAppProtocol, SCHEME_PRIVILEGES } from './protocol';
import { isBlockedShortcut, kioskWindowOptions } from './window';

// Composition root of the Electron shell: wires the kiosk host (plain Node, main/host) to a locked-down
// kiosk window. Everything with logic lives in the modules imported above and is unit-tested without
// the Electron binary; this file only connects them (style.md: a thin electron-main).

const production = app.isPackaged && !process.argv.includes('--enable-dev-tools');
const rendererDir = resolve(__dirname, '../renderer');
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

app.on('web-contents-created', (_e, contents) => lockDownWebContents(contents, APP_ORIGIN, log));
installLifecycle(app, () => window, log);

async function start(): Promise<void> {
  host = await createKioskHost({ dataDir: join(app.getPath('userData'), 'kiosk'), logEcho: !production });
  host.onRestart(() => {
    app.relaunch();
    app.exit(0);
  });
  installPermissionHandlers(session.defaultSession, APP_ORIGIN);
  registerAppProtocol(protocol, rendererDir, kioskCsp(new URL(host.config.centralUrl).origin));

  window = new BrowserWindow(kioskWindowOptions({ production, preloadPath: join(__dirname, 'preload.cjs') }));
  if (production) {
    window.webContents.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input)) event.preventDefault();
    });
    window.on('close', (event) => event.preventDefault()); // closable is not implemented on Linux
  }
  registerIpc(ipcMain, host, () => window?.webContents ?? null, APP_ORIGIN);
  new PreventDisplaySleep(powerSaveBlocker).enable();
  window.once('ready-to-show', () => window?.show());
  await window.loadURL(`${APP_ORIGIN}/kiosk/`);
}

app.whenReady().then(start, (err: unknown) => log.error(`could not start: ${(err as Error).message}`));
app.on('before-quit', () => void host?.close());
