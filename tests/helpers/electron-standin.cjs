// A stand-in for the `electron` module (the binary is never installed here), loaded with
// `node --require` before the packaged shell's main.cjs. It records what the shell asks of Electron —
// the window's preload, the URLs it loads, the exit status — as JSON lines in $STANDIN_REPORT, and
// answers each doorstep:// page the shell loads through the protocol handler the shell registered,
// so a test sees whether the packaged layout really serves the screens. It stands in for
// electron-updater too (the shell loads it from node_modules, like electron), recording its setup.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- loaded with node --require, so CommonJS */
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const { appendFileSync } = require('node:fs');

const report = (entry) => appendFileSync(process.env.STANDIN_REPORT, JSON.stringify(entry) + '\n');
const handlers = new Map();

class WebContents extends EventEmitter {
  setWindowOpenHandler() {}
  send() {}
  isDestroyed() {
    return false;
  }
  reload() {}
}

async function fetchApp(url) {
  const handler = handlers.get(new URL(url).protocol.replace(':', ''));
  if (!handler) return { url, status: 0 };
  const res = await handler({ url });
  const body = await res.text();
  return { url, status: res.status, type: res.headers.get('content-type'), body: body.slice(0, 4000) };
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new WebContents();
    report({ window: { preload: options.webPreferences.preload, sandbox: options.webPreferences.sandbox } });
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url) {
    if (url.startsWith('data:')) {
      report({ load: 'data', text: decodeURIComponent(url.slice(url.indexOf(',') + 1)).slice(0, 2000) });
      return;
    }
    const page = await fetchApp(url);
    const scripts = [...page.body.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
    const assets = [];
    for (const src of scripts) {
      const a = await fetchApp(new URL(src, url).href);
      assets.push({ url: a.url, status: a.status, type: a.type });
    }
    report({ load: url, status: page.status, type: page.type, hasRoot: /id="root"/.test(page.body), assets });
    this.emit('ready-to-show');
  }
  show() {}
}

const app = new EventEmitter();
Object.assign(app, {
  isPackaged: true,
  requestSingleInstanceLock: () => true,
  enableSandbox() {},
  whenReady: () => Promise.resolve(),
  getPath: () => process.env.STANDIN_USERDATA,
  getVersion: () => process.env.STANDIN_VERSION || '1.0.0',
  relaunch: () => report({ relaunch: true }),
  exit(code) {
    report({ exit: code });
    process.exit(code);
  },
});

const electron = {
  app,
  BrowserWindow,
  Menu: { setApplicationMenu() {} },
  protocol: {
    registerSchemesAsPrivileged() {},
    handle: (scheme, handler) => handlers.set(scheme, handler),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler() {},
      setPermissionCheckHandler() {},
      setDevicePermissionHandler() {},
    },
  },
  ipcMain: { handle() {}, removeHandler() {}, on() {} },
  powerSaveBlocker: { start: () => 1, stop() {}, isStarted: () => true },
};

// electron-updater's autoUpdater, recording how the shell sets it up: the feed it follows and the
// semantics chosen (nothing downloads or installs on its own). No round runs within a test's time.
const autoUpdater = new EventEmitter();
Object.assign(autoUpdater, {
  autoDownload: true,
  autoInstallOnAppQuit: true,
  requestHeaders: null,
  setFeedURL(options) {
    report({
      updater: {
        feed: options,
        autoDownload: this.autoDownload,
        autoInstallOnAppQuit: this.autoInstallOnAppQuit,
        allowDowngrade: this.allowDowngrade,
      },
    });
  },
  checkForUpdates: () => Promise.resolve(null),
  downloadUpdate: () => Promise.reject(new Error('not in the stand-in')),
  quitAndInstall: () => report({ quitAndInstall: true }),
});

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'electron') return electron;
  if (request === 'electron-updater') return { autoUpdater };
  return load.call(this, request, ...rest);
};
