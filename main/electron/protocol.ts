import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

// The UI is served from a privileged custom scheme instead of file:// (checklist item 18):
// doorstep://kiosk/… maps to the built front ends in dist/renderer, and nothing outside it.

export const APP_SCHEME = 'doorstep';
export const APP_ORIGIN = `${APP_SCHEME}://kiosk`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

export const SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

/** The file under `root` for a request URL, or null when it would escape `root`. */
export function resolveAppFile(root: string, url: string): string | null {
  const { pathname, host } = new URL(url);
  if (host !== 'kiosk') return null;
  let rel = decodeURIComponent(pathname);
  if (rel === '/' || rel === '') rel = '/kiosk/index.html';
  if (rel.endsWith('/')) rel += 'index.html';
  const file = normalize(join(root, rel));
  return file === root || file.startsWith(root + sep) ? file : null;
}

/** `csp` is read per response, so the shell can register the scheme before the host (and its central URL) is up. */
export function registerAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  root: string,
  csp: string | (() => string),
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(root, request.url);
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': typeof csp === 'string' ? csp : csp(),
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
