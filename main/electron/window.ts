import type { BrowserWindowConstructorOptions } from 'electron';

// The kiosk window per the Electron security checklist (electron.md §1): kiosk mode, context
// isolation, sandbox, no Node in the renderer, no webviews, devtools only outside production.

export interface KioskWindowPolicy {
  production: boolean;
  preloadPath: string;
}

export function kioskWindowOptions(policy: KioskWindowPolicy): BrowserWindowConstructorOptions {
  return {
    kiosk: policy.production,
    fullscreen: policy.production,
    width: 1080,
    height: 1920,
    autoHideMenuBar: true,
    backgroundColor: '#f5f7fa',
    show: false,
    webPreferences: {
      preload: policy.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !policy.production,
      disableDialogs: true,
      autoplayPolicy: 'no-user-gesture-required', // the ring when an agent calls
      backgroundThrottling: false,
    },
  };
}

/** Keys that would reload, open devtools, zoom or close the kiosk; blocked in production. */
export function isBlockedShortcut(input: {
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}): boolean {
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (key === 'f5' || key === 'f11' || key === 'f12') return true;
  if (mod && ['r', 'w', 'q', 'n', 't', 'p', '+', '-', '=', '0'].includes(key)) return true;
  if (mod && input.shift && ['i', 'j', 'c'].includes(key)) return true;
  if (input.alt && key === 'f4') return true;
  return false;
}
