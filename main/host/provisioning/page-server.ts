import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProvisionScanBody, type ProvisionState } from '../../../contract/provisioning';
import { PAGE_CSS, PAGE_JS, pageHtml } from './page';

// The first-boot page's HTTP server (first-boot.ts): the "not provisioned" page and its assets, its
// state, a keyboard-wedge scan posted by the page, and the long poll that hands the screen over to the
// kiosk page once the host serves it.

export interface PageServerOptions {
  port: number;
  /** The page's secret: /provision/next and /provision/scan need it. */
  token: string;
  state(): ProvisionState;
  /** Enrolled: a waiting page is kept for the hand-off, whatever its age. */
  enrolled(): boolean;
  /** A scan typed into the page (already checked to be `{text}`). */
  onScan(text: string): void;
  onPageSeen?: () => void;
}

export interface PageServer {
  readonly port: number;
  /** Stops accepting (the port is free for the kiosk page) but keeps the page's pending request. */
  stopListening(): void;
  /** Tells the waiting page (and any later one) where the kiosk page is. */
  handOff(kioskUrl: string): void;
  close(): void;
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** The long poll answers 204 after this long when there is nothing to hand over (ms). */
const LONG_POLL_MS = 20_000;

export async function startPageServer(o: PageServerOptions): Promise<PageServer> {
  const waitingPages = new Set<ServerResponse>();
  let nextUrl: string | null = null;
  let stopped = false;

  const { send, json, error } = responder(() => stopped);
  const unauthenticated = (res: ServerResponse) =>
    error(res, 401, 'UNAUTHENTICATED', 'the page token is missing or wrong');

  const waitForHandOff = (res: ServerResponse) => {
    if (nextUrl) return json(res, 200, { url: nextUrl });
    // Long poll: answered with the kiosk page's address at hand-off, or 204 after a while.
    waitingPages.add(res);
    const t = setTimeout(() => {
      if (!o.enrolled() && waitingPages.delete(res)) res.writeHead(204).end();
    }, LONG_POLL_MS);
    res.once('close', () => {
      clearTimeout(t);
      waitingPages.delete(res);
    });
  };

  const acceptScan = (req: IncomingMessage, res: ServerResponse) =>
    readScan(req, (r) => {
      if (!r.ok) return error(res, r.status, r.code, r.message);
      o.onScan(r.text);
      json(res, 202, o.state());
    });

  const tokenOk = (offered: string | null | undefined) => {
    const a = Buffer.from(offered ?? '');
    const b = Buffer.from(o.token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const get = req.method === 'GET';
    if (get && (url.pathname === '/' || url.pathname === '/kiosk/')) {
      res.writeHead(302, { location: '/provision/' }).end();
    } else if (get && url.pathname === '/provision/') {
      send(res, 200, 'text/html; charset=utf-8', pageHtml());
    } else if (get && url.pathname === '/provision/page.js') {
      send(res, 200, 'text/javascript; charset=utf-8', PAGE_JS);
    } else if (get && url.pathname === '/provision/page.css') {
      send(res, 200, 'text/css; charset=utf-8', PAGE_CSS);
    } else if (get && url.pathname === '/provision/state') {
      o.onPageSeen?.();
      json(res, 200, o.state());
    } else if (get && url.pathname === '/provision/next') {
      if (!tokenOk(url.searchParams.get('t'))) return unauthenticated(res);
      waitForHandOff(res);
    } else if (req.method === 'POST' && url.pathname === '/provision/scan') {
      if (!tokenOk(req.headers['x-doorstep-provision'] as string | undefined)) return unauthenticated(res);
      acceptScan(req, res);
    } else {
      error(res, 404, 'NOT_FOUND', 'not here: this kiosk is not provisioned yet');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });

  return {
    port: (server.address() as AddressInfo).port,
    stopListening() {
      // close() stops accepting but keeps open connections: the page's long poll stays.
      stopped = true;
      server.close(() => undefined);
      server.closeIdleConnections();
    },
    handOff(kioskUrl) {
      nextUrl = kioskUrl;
      for (const res of waitingPages) json(res, 200, { url: kioskUrl });
      waitingPages.clear();
    },
    close() {
      for (const res of waitingPages) res.writeHead(204).end();
      waitingPages.clear();
      server.closeAllConnections();
      server.close();
    },
  };
}

/** The page's responses: every one with the page's security headers. */
function responder(stopped: () => boolean) {
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Once the port is the kiosk page's, no request may reach this server over a kept-alive socket
      // (the page's next navigation would be answered here).
      ...(stopped() ? { connection: 'close' } : {}),
    });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
  const error = (res: ServerResponse, status: number, code: string, message: string) =>
    json(res, status, { error: { code, message } });
  return { send, json, error };
}

type ScanRead = { ok: true; text: string } | { ok: false; status: number; code: string; message: string };

/** Reads a posted `{text}` scan, bounded in size. */
function readScan(req: IncomingMessage, done: (r: ScanRead) => void): void {
  let body = '';
  let tooBig = false;
  req.setEncoding('utf8');
  req.on('data', (c: string) => {
    body += c;
    if (body.length > 16_384) tooBig = true;
  });
  req.on('end', () => {
    if (tooBig)
      return done({
        ok: false,
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'a scan is at most 8192 characters',
      });
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      return done({ ok: false, status: 400, code: 'VALIDATION', message: 'the body is not JSON' });
    }
    const parsed = ProvisionScanBody.safeParse(raw);
    if (!parsed.success)
      return done({
        ok: false,
        status: 400,
        code: 'VALIDATION',
        message: 'the body is {"text": "<what was scanned>"}',
      });
    done({ ok: true, text: parsed.data.text });
  });
}
