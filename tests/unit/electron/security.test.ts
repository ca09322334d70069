import { describe, expect, it, vi } from 'vitest';
import { kioskCsp } from '../../../main/electron/csp';
import { isOwnUrl } from '../../../main/electron/navigation';
import {
  createPermissionCheckHandler,
  createPermissionRequestHandler,
  isPermissionAllowed,
} from '../../../main/electron/permissions';
import { APP_ORIGIN, resolveAppFile } from '../../../main/electron/protocol';
import { isBlockedShortcut, kioskWindowOptions } from '../../../main/electron/window';

// The Electron layer's decisions, tested without the Electron binary (electron.md: type-only imports,
// logic as plain functions).

describe('permissions', () => {
  it('grants camera and microphone to the kiosk page only', () => {
    expect(isPermissionAllowed('media', APP_ORIGIN, `${APP_ORIGIN}/kiosk/`, true, ['video', 'audio'])).toBe(
      true,
    );
    expect(isPermissionAllowed('media', APP_ORIGIN, 'https://evil.example/', true, ['video'])).toBe(false);
    expect(isPermissionAllowed('media', APP_ORIGIN, `${APP_ORIGIN}/kiosk/`, false, ['video'])).toBe(false);
  });

  it('denies everything not on the allowlist, serial and geolocation among them', () => {
    for (const p of [
      'serial',
      'geolocation',
      'notifications',
      'openExternal',
      'display-capture',
      'hid',
    ] as const) {
      expect(isPermissionAllowed(p, APP_ORIGIN, `${APP_ORIGIN}/kiosk/`, true), p).toBe(false);
    }
  });

  it('request and check handlers answer the same way', () => {
    const request = createPermissionRequestHandler(APP_ORIGIN);
    const granted = vi.fn();
    request({} as never, 'media', granted, {
      isMainFrame: true,
      requestingUrl: `${APP_ORIGIN}/kiosk/`,
      mediaTypes: ['video'],
    });
    request({} as never, 'media', granted, {
      isMainFrame: true,
      requestingUrl: 'http://127.0.0.1:1/',
      mediaTypes: ['video'],
    });
    expect(granted.mock.calls).toEqual([[true], [false]]);
    const check = createPermissionCheckHandler(APP_ORIGIN);
    expect(check(null, 'media', APP_ORIGIN, { isMainFrame: true, mediaType: 'audio' })).toBe(true);
    expect(
      check(null, 'media', APP_ORIGIN, { isMainFrame: true, embeddingOrigin: 'https://x.example' }),
    ).toBe(false);
  });
});

describe('navigation', () => {
  it('compares origins, not prefixes', () => {
    expect(isOwnUrl(`${APP_ORIGIN}/kiosk/index.html`, APP_ORIGIN)).toBe(true);
    expect(isOwnUrl('doorstep://kiosk.evil.example/', APP_ORIGIN)).toBe(false);
    expect(isOwnUrl('https://kiosk/', APP_ORIGIN)).toBe(false);
    expect(isOwnUrl('not a url', APP_ORIGIN)).toBe(false);
  });
});

describe('kiosk window', () => {
  it('follows the security checklist and hides devtools in production', () => {
    const o = kioskWindowOptions({ production: true, preloadPath: '/app/preload.cjs' });
    expect(o.kiosk).toBe(true);
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      devTools: false,
    });
    expect(kioskWindowOptions({ production: false, preloadPath: 'x' }).webPreferences?.devTools).toBe(true);
  });

  it('blocks reload, devtools, zoom and close shortcuts but not typing', () => {
    const k = (key: string, mods: Partial<Record<'control' | 'meta' | 'alt' | 'shift', boolean>> = {}) => ({
      key,
      control: false,
      meta: false,
      alt: false,
      shift: false,
      ...mods,
    });
    expect(isBlockedShortcut(k('r', { control: true }))).toBe(true);
    expect(isBlockedShortcut(k('I', { control: true, shift: true }))).toBe(true);
    expect(isBlockedShortcut(k('F5'))).toBe(true);
    expect(isBlockedShortcut(k('F4', { alt: true }))).toBe(true);
    expect(isBlockedShortcut(k('r'))).toBe(false);
    expect(isBlockedShortcut(k('5'))).toBe(false);
  });
});

describe('app protocol and CSP', () => {
  it('serves files under the renderer folder only', () => {
    expect(resolveAppFile('/app/renderer', `${APP_ORIGIN}/kiosk/`)).toBe('/app/renderer/kiosk/index.html');
    expect(resolveAppFile('/app/renderer', `${APP_ORIGIN}/assets/a.js`)).toBe('/app/renderer/assets/a.js');
    expect(resolveAppFile('/app/renderer', `${APP_ORIGIN}/..%2F..%2Fetc%2Fpasswd`)).toBeNull();
    expect(resolveAppFile('/app/renderer', `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`)).toBe(
      '/app/renderer/etc/passwd',
    );
    expect(resolveAppFile('/app/renderer', 'doorstep://other/kiosk/')).toBeNull();
  });

  it('allows no inline script or eval and names the central service for connections', () => {
    const csp = kioskCsp('https://central.example');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain('connect-src');
    expect(csp).toContain('wss://central.example');
    expect(csp).toContain("object-src 'none'");
  });
});
