import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KioskEvent } from '../../../contract/kiosk';
import { registerIpc } from '../../../main/electron/ipc';
import { IPC_CALL, IPC_EVENT } from '../../../main/electron/ipc-channels';
import { lockDownWebContents } from '../../../main/electron/navigation';
import { installPermissionHandlers } from '../../../main/electron/permissions';
import { APP_ORIGIN, registerAppProtocol } from '../../../main/electron/protocol';

// The lockdown as main.ts wires it, against small EventEmitter stand-ins for Electron's webContents,
// session, ipcMain and protocol (the binary is not installed): the handlers are not only correct on
// their own, they are installed where Electron calls them (electron.md §1 checklist 5, 13, 14, 17).

const KIOSK = `${APP_ORIGIN}/kiosk/`;

/** Electron's navigation events carry the URL on the event object (the url argument is deprecated). */
function navEvent(url: string) {
  return { url, isMainFrame: true, preventDefault: vi.fn() };
}

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: Array<[string, unknown]> = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

describe('every webContents is locked down', () => {
  const log = { warn: vi.fn() };
  const contents = new FakeWebContents();
  lockDownWebContents(contents as never, APP_ORIGIN, log);

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    '%s to another origin is prevented; to the kiosk itself it is not',
    (name) => {
      for (const url of [
        'https://evil.example/phish?id=1',
        'doorstep://kiosk.evil.example/',
        'file:///etc/passwd',
        'javascript:alert(1)',
        'not a url',
      ]) {
        const e = navEvent(url);
        contents.emit(name, e, url);
        expect(e.preventDefault, `${name} ${url}`).toHaveBeenCalled();
      }
      const own = navEvent(`${APP_ORIGIN}/kiosk/#/tickets`);
      contents.emit(name, own, own.url);
      expect(own.preventDefault).not.toHaveBeenCalled();
    },
  );

  it('logs the blocked origin, never the full address', () => {
    log.warn.mockClear();
    contents.emit('will-navigate', navEvent('https://evil.example/path?name=zhang'), '');
    expect(log.warn).toHaveBeenCalledWith('blocked navigation to https://evil.example');
  });

  it('window.open is denied, for the kiosk origin too', () => {
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: KIOSK })).toEqual({ action: 'deny' });
  });

  it('a <webview> is never attached', () => {
    const e = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', e, {}, { src: KIOSK });
    expect(e.preventDefault).toHaveBeenCalled();
  });
});

describe('the session grants camera and microphone to the kiosk page only, and no devices', () => {
  type Request = (wc: unknown, permission: string, cb: (ok: boolean) => void, details: object) => void;
  type Check = (wc: unknown, permission: string, origin: string, details: object) => boolean;
  const calls: string[] = [];
  let request: Request | null = null;
  let check: Check | null = null;
  let device: ((details: object) => boolean) | null = null;
  const session = {
    setPermissionRequestHandler: (h: Request | null) => {
      calls.push(h === null ? 'request:null' : 'request:handler');
      request = h;
    },
    setPermissionCheckHandler: (h: Check | null) => {
      calls.push('check');
      check = h;
    },
    setDevicePermissionHandler: (h: ((details: object) => boolean) | null) => {
      calls.push('device');
      device = h;
    },
  };
  installPermissionHandlers(session as never, APP_ORIGIN);

  const ask = (permission: string, details: object) => {
    let answer: boolean | undefined;
    request!(null, permission, (ok) => (answer = ok), details);
    return answer;
  };

  it('earlier grants are forgotten before the allowlist handlers are installed', () => {
    expect(calls).toEqual(['request:null', 'request:handler', 'check', 'device']);
  });

  it('requests: media for the kiosk main frame yes; another origin, a sub-frame or geolocation no', () => {
    const media = { isMainFrame: true, requestingUrl: KIOSK, mediaTypes: ['video', 'audio'] };
    expect(ask('media', media)).toBe(true);
    expect(ask('media', { ...media, requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(ask('media', { ...media, securityOrigin: 'https://evil.example/' })).toBe(false);
    expect(ask('media', { ...media, isMainFrame: false })).toBe(false);
    expect(ask('geolocation', { isMainFrame: true, requestingUrl: KIOSK })).toBe(false);
    expect(ask('openExternal', { isMainFrame: true, requestingUrl: KIOSK })).toBe(false);
  });

  it('checks: the same answers, and serial/HID/USB are refused', () => {
    expect(check!(null, 'media', APP_ORIGIN, { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(check!(null, 'media', 'https://evil.example', { isMainFrame: true, mediaType: 'video' })).toBe(
      false,
    );
    expect(check!(null, 'serial', APP_ORIGIN, { isMainFrame: true })).toBe(false);
    for (const deviceType of ['serial', 'hid', 'usb']) {
      expect(device!({ deviceType, origin: APP_ORIGIN, device: {} }), deviceType).toBe(false);
    }
  });
});

describe('IPC: only the kiosk page reaches the host', () => {
  class FakeIpcMain {
    handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) {
      if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      this.handlers.set(channel, fn);
    }
    removeHandler(channel: string) {
      this.handlers.delete(channel);
    }
    invoke(frameUrl: string | null, message: unknown) {
      const fn = this.handlers.get(IPC_CALL);
      if (!fn) throw new Error(`no handler for ${IPC_CALL}`);
      return fn({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, message);
    }
  }
  const ipcMain = new FakeIpcMain();
  const hostEvents = new EventEmitter();
  const host = {
    call: vi.fn(async () => ({ ok: true })),
    subscribe: (listener: (e: KioskEvent) => void) => {
      hostEvents.on('event', listener);
      return () => hostEvents.off('event', listener);
    },
  };
  const window = new FakeWebContents();
  let dispose: () => void;

  beforeAll(() => {
    dispose = registerIpc(ipcMain as never, host as never, () => window as never, APP_ORIGIN);
  });

  it('a call from the kiosk page is handed to the host', async () => {
    const r = await ipcMain.invoke(KIOSK, { channel: 'tech.unlock', request: { pin: '1234' } });
    expect(r).toEqual({ ok: true, value: { ok: true } });
    expect(host.call).toHaveBeenCalledWith('tech.unlock', { pin: '1234' });
  });

  it('a call from a foreign frame, a look-alike origin or a destroyed frame is refused before the host', async () => {
    host.call.mockClear();
    for (const frame of [
      'https://evil.example/',
      'doorstep://kiosk.evil.example/',
      'data:text/html,x',
      null,
    ]) {
      const r = await ipcMain.invoke(frame, { channel: 'tech.unlock', request: { pin: '1234' } });
      expect(r, String(frame)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(host.call).not.toHaveBeenCalled();
  });

  it('host events go to the kiosk window (not once it is destroyed), and dispose unregisters', () => {
    const event = { type: 'link', online: false } as unknown as KioskEvent;
    hostEvents.emit('event', event);
    expect(window.sent).toEqual([[IPC_EVENT, event]]);
    window.destroyed = true;
    hostEvents.emit('event', event);
    expect(window.sent).toHaveLength(1);
    window.destroyed = false;
    dispose();
    hostEvents.emit('event', event);
    expect(window.sent).toHaveLength(1);
    expect(ipcMain.handlers.has(IPC_CALL)).toBe(false);
    // …so a retried start can register again
    registerIpc(ipcMain as never, host as never, () => null, APP_ORIGIN);
    expect(ipcMain.handlers.has(IPC_CALL)).toBe(true);
  });
});

describe('the doorstep:// scheme', () => {
  let root: string;
  let handler: (req: Request) => Promise<Response>;
  let csp = "default-src 'none'";
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'doorstep-scheme-'));
    mkdirSync(join(root, 'kiosk'));
    writeFileSync(join(root, 'kiosk', 'index.html'), '<!doctype html><title>kiosk</title>');
    writeFileSync(join(tmpdir(), 'doorstep-scheme-secret.txt'), 'secret');
    registerAppProtocol(
      {
        handle: (scheme: string, fn: (req: Request) => Promise<Response>) => {
          expect(scheme).toBe('doorstep');
          handler = fn;
        },
      } as never,
      root,
      () => csp,
    );
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(join(tmpdir(), 'doorstep-scheme-secret.txt'), { force: true });
  });

  it('serves the kiosk page with the CSP of the moment, and nothing outside the renderer folder', async () => {
    const page = await handler(new Request(KIOSK));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'");
    csp = "default-src 'self'; connect-src 'self' https://central.example";
    const again = await handler(new Request(KIOSK));
    expect(again.headers.get('content-security-policy')).toBe(csp);
    expect(await again.text()).toContain('<title>kiosk</title>');
    const escape = await handler(new Request(`${APP_ORIGIN}/..%2Fdoorstep-scheme-secret.txt`));
    expect(escape.status).toBe(404);
    expect((await handler(new Request(`${APP_ORIGIN}/missing.js`))).status).toBe(404);
  });
});
