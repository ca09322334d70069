import type { WebContents } from 'electron';

// Navigation and new windows are blocked (electron.md §1, checklist items 13-14): the kiosk shows only
// its own pages. Origins are compared with new URL(...).origin, never startsWith.

/** scheme://host of a URL, also for custom schemes (where WHATWG URL reports the origin "null"). */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.origin !== 'null' ? u.origin : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export function isOwnUrl(url: string, appOrigin: string): boolean {
  return originOf(url) === appOrigin;
}

export interface Logger {
  warn(message: string): void;
}

/** Locks one webContents down: no foreign navigation, no new windows, no webviews. */
export function lockDownWebContents(contents: WebContents, appOrigin: string, log: Logger): void {
  // Electron ≥ 25 passes the URL on the event (the separate url argument is deprecated).
  const refuse = (kind: string) => (details: { url: string; preventDefault(): void }) => {
    if (isOwnUrl(details.url, appOrigin)) return;
    details.preventDefault();
    log.warn(`blocked ${kind} to ${originOf(details.url) ?? 'an invalid URL'}`);
  };
  contents.on('will-navigate', refuse('navigation'));
  contents.on('will-frame-navigate', refuse('frame navigation'));
  contents.on('will-redirect', refuse('redirect'));
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview>');
  });
}
