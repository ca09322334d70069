import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  ProvisionScanBody,
  type ProvisionFile,
  type ProvisionSource,
  type ProvisionState,
} from '../../../contract/provisioning';
import { hashPin, loadConfig, mergeConfig, saveConfig } from '../config';
import type { ScannerDriver } from '../devices/drivers';
import { ENROLL_CODE_FILE } from '../host';
import type { Log } from '../log';
import type { Enroll } from './enroll';
import { PAGE_CSS, PAGE_JS, pageHtml } from './page';
import { parseProvisionFile, parseScan, type PayloadResult } from './payload';
import {
  CA_FILE,
  DISPLAY_FILE,
  HOST_ENV_FILE,
  knownCentral,
  PROVISIONED_FILE,
  writePrivate,
} from './state-files';

// A fresh kiosk's first boot (docs/deployment.md): until it is enrolled it shows the "not provisioned"
// page on the kiosk page's own address and waits for one of: a provision.json on a USB stick or the
// boot partition, a QR scanned with its serial scanner, or a keyboard-wedge scan typed into the page.
// Enrolled, it keeps the page's pending request open so the kiosk page's address can be handed over
// once the host serves it: the screen goes from "not provisioned" to the start screen by itself.

export interface FirstBootOptions {
  dataDir: string;
  /** The kiosk page's port (8081 packaged; 0 = any, tests). */
  port: number;
  /** Folders searched for provision.json, and their sub-folders one level down (mounted USB sticks). */
  watch: string[];
  /** Serial scanners to listen on (a fresh kiosk may not know which port its scanner is on). */
  scanners: ScannerDriver[];
  enroll: Enroll;
  log: Log;
  /** How often the folders are looked at, ms (default 1000). */
  pollMs?: number;
  /** After a failed attempt because central did not answer, a file is tried again this often (ms). */
  retryUnavailableMs?: number;
  /** Called when the page shows life (it polls its state): the screen watchdog's sign. */
  onPageSeen?: () => void;
}

export interface ProvisionOutcome {
  provision: ProvisionFile;
  source: ProvisionSource;
  /** A CA certificate was given: the host must restart to trust it (NODE_EXTRA_CA_CERTS). */
  restart: boolean;
}

export interface FirstBoot {
  /** The page's address with its token (for the display session). */
  readonly url: string;
  readonly port: number;
  state(): ProvisionState;
  /** Calls `listener` on each change of the state; returns the way to stop. */
  onChange(listener: (s: ProvisionState) => void): () => void;
  /** Resolves once the kiosk is enrolled and its settings are saved. */
  readonly done: Promise<ProvisionOutcome>;
  /** Stops listening (the port is free for the kiosk page) but keeps the page's pending request. */
  stopListening(): Promise<void>;
  /** Tells the waiting page where the kiosk page is, then closes. */
  handOff(kioskUrl: string): void;
  close(): Promise<void>;
}

type Attempt = { source: ProvisionSource; payload: PayloadResult; fileSig?: string };

export async function startFirstBoot(o: FirstBootOptions): Promise<FirstBoot> {
  const token = randomBytes(18).toString('base64url');
  let state: ProvisionState = { state: 'waiting', central: knownCentral(o.dataDir), searched: o.watch };
  const listeners = new Set<(s: ProvisionState) => void>();
  const setState = (next: ProvisionState) => {
    state = next;
    for (const l of listeners) l(next);
  };
  let busy = false;
  let finished = false;
  let resolveDone!: (v: ProvisionOutcome) => void;
  const done = new Promise<ProvisionOutcome>((r) => (resolveDone = r));
  const waitingPages = new Set<ServerResponse>();
  /** Files already tried and what came of it: a file is tried again only once it changes. */
  const tried = new Map<string, { sig: string; at: number; retry: boolean }>();

  async function attempt(a: Attempt): Promise<void> {
    if (busy || finished) return;
    if (!a.payload.ok) {
      o.log('warn', 'provision', `${a.source}: ${a.payload.code}: ${a.payload.detail}`);
      setState({ ...state, state: 'failed', error: { code: a.payload.code, source: a.source } });
      return;
    }
    busy = true;
    const p = a.payload.value;
    setState({ ...state, state: 'enrolling', central: p.central, error: undefined });
    o.log('info', 'provision', `${a.source}: enrolling with ${p.central}`);
    try {
      const needsRestart = !!p.caCert && process.env.NODE_EXTRA_CA_CERTS !== join(o.dataDir, CA_FILE);
      if (p.caCert) {
        writePrivate(o.dataDir, CA_FILE, p.caCert.endsWith('\n') ? p.caCert : `${p.caCert}\n`);
        writePrivate(o.dataDir, HOST_ENV_FILE, `NODE_EXTRA_CA_CERTS=${join(o.dataDir, CA_FILE)}\n`);
      }
      writePrivate(o.dataDir, DISPLAY_FILE, `${JSON.stringify({ rotation: p.rotation })}\n`);
      if (needsRestart) {
        // This process cannot trust the new CA: the restarted host enrolls with the code left for it.
        const file = join(o.dataDir, 'kiosk.json');
        const pin = p.techPin ? { techPinHash: hashPin(p.techPin) } : {};
        saveConfig(file, mergeConfig(loadConfig(file), { centralUrl: p.central, ...pin }));
        writePrivate(o.dataDir, ENROLL_CODE_FILE, `${p.enrollCode}\n`);
        finish(p, a.source, true);
        return;
      }
      const r = await o.enroll(p);
      if (!r.ok) {
        o.log('warn', 'provision', `${a.source}: enrollment failed: ${r.code}: ${r.detail}`);
        setState({ ...state, state: 'failed', error: { code: r.code, source: a.source } });
        if (a.fileSig) {
          const t = tried.get(a.fileSig.split('\0')[0]!);
          if (t) t.retry = r.code === 'UNAVAILABLE';
        }
        return;
      }
      finish(p, a.source, false);
    } finally {
      busy = false;
    }
  }

  function finish(p: ProvisionFile, source: ProvisionSource, restart: boolean): void {
    finished = true;
    writePrivate(
      o.dataDir,
      PROVISIONED_FILE,
      `${JSON.stringify({ at: new Date().toISOString(), source, central: p.central })}\n`,
    );
    setState({ ...state, state: 'enrolled', central: p.central, error: undefined });
    o.log('info', 'provision', `provisioned from ${source}${restart ? ' (restart to trust the CA)' : ''}`);
    stopWatching();
    resolveDone({ provision: p, source, restart });
  }

  // provision.json on the boot partition or a mounted USB stick.
  const candidates = () =>
    o.watch.flatMap((d) => {
      const here = [join(d, 'provision.json')];
      try {
        for (const e of readdirSync(d, { withFileTypes: true }))
          if (e.isDirectory()) here.push(join(d, e.name, 'provision.json'));
      } catch {
        // not there (no stick inserted): nothing to read
      }
      return here;
    });
  const look = () => {
    if (busy || finished) return;
    for (const file of candidates()) {
      let sig: string;
      try {
        const st = statSync(file);
        sig = `${st.size}:${st.mtimeMs}`;
      } catch {
        continue;
      }
      const before = tried.get(file);
      const due = before?.retry && Date.now() - before.at >= (o.retryUnavailableMs ?? 10_000);
      if (before && before.sig === sig && !due) continue;
      tried.set(file, { sig, at: Date.now(), retry: false });
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        o.log('warn', 'provision', `${file}: ${(err as Error).message}`);
        continue;
      }
      o.log('info', 'provision', `found ${file}`);
      void attempt({ source: 'file', payload: parseProvisionFile(text), fileSig: `${file}\0${sig}` });
      return;
    }
  };
  const timer = setInterval(look, o.pollMs ?? 1000);
  timer.unref();

  // Serial scanners.
  const onScan = ({ text }: { text: string }) =>
    void attempt({ source: 'scanner', payload: parseScan(text, knownCentral(o.dataDir)) });
  for (const s of o.scanners) {
    s.on('scan', onScan);
    s.on('error', () => undefined); // a port that is not a scanner: its errors are its status
    await s.open().catch(() => undefined);
  }
  let scannersClosed = false;
  const closeScanners = async () => {
    if (scannersClosed) return;
    scannersClosed = true;
    for (const s of o.scanners) {
      s.off('scan', onScan);
      await s.close().catch(() => undefined);
    }
  };
  function stopWatching(): void {
    clearInterval(timer);
    void closeScanners();
  }

  // The page.
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-security-policy':
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Once the port is the kiosk page's, no request may reach this server over a kept-alive socket
      // (the page's next navigation would be answered here).
      ...(stopped ? { connection: 'close' } : {}),
    });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
  const error = (res: ServerResponse, status: number, code: string, message: string) =>
    json(res, status, { error: { code, message } });
  const tokenOk = (offered: string | null | undefined) => {
    const a = Buffer.from(offered ?? '');
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  let nextUrl: string | null = null;
  let stopped = false;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/kiosk/')) {
      res.writeHead(302, { location: '/provision/' }).end();
    } else if (req.method === 'GET' && url.pathname === '/provision/') {
      send(res, 200, 'text/html; charset=utf-8', pageHtml());
    } else if (req.method === 'GET' && url.pathname === '/provision/page.js') {
      send(res, 200, 'text/javascript; charset=utf-8', PAGE_JS);
    } else if (req.method === 'GET' && url.pathname === '/provision/page.css') {
      send(res, 200, 'text/css; charset=utf-8', PAGE_CSS);
    } else if (req.method === 'GET' && url.pathname === '/provision/state') {
      o.onPageSeen?.();
      json(res, 200, state);
    } else if (req.method === 'GET' && url.pathname === '/provision/next') {
      if (!tokenOk(url.searchParams.get('t')))
        return error(res, 401, 'UNAUTHENTICATED', 'the page token is missing or wrong');
      if (nextUrl) return json(res, 200, { url: nextUrl });
      // Long poll: answered with the kiosk page's address at hand-off, or 204 after a while.
      waitingPages.add(res);
      // Once enrolled the request is kept for the hand-off (or answered at close), whatever its age.
      const t = setTimeout(() => {
        if (!finished && waitingPages.delete(res)) res.writeHead(204).end();
      }, 20_000);
      res.once('close', () => {
        clearTimeout(t);
        waitingPages.delete(res);
      });
    } else if (req.method === 'POST' && url.pathname === '/provision/scan') {
      if (!tokenOk(req.headers['x-doorstep-provision'] as string | undefined))
        return error(res, 401, 'UNAUTHENTICATED', 'the page token is missing or wrong');
      let body = '';
      let tooBig = false;
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        body += c;
        if (body.length > 16_384) tooBig = true;
      });
      req.on('end', () => {
        if (tooBig) return error(res, 413, 'PAYLOAD_TOO_LARGE', 'a scan is at most 8192 characters');
        let raw: unknown;
        try {
          raw = JSON.parse(body);
        } catch {
          return error(res, 400, 'VALIDATION', 'the body is not JSON');
        }
        const parsed = ProvisionScanBody.safeParse(raw);
        if (!parsed.success)
          return error(res, 400, 'VALIDATION', 'the body is {"text": "<what was scanned>"}');
        void attempt({ source: 'page', payload: parseScan(parsed.data.text, knownCentral(o.dataDir)) });
        json(res, 202, state);
      });
    } else {
      error(res, 404, 'NOT_FOUND', 'not here: this kiosk is not provisioned yet');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  o.log(
    'info',
    'provision',
    `not provisioned: waiting for provision.json in ${o.watch.join(', ')} or a scan`,
  );
  look();

  let closed = false;
  return {
    url: `http://127.0.0.1:${port}/provision/#t=${token}`,
    port,
    state: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    done,
    stopListening: () =>
      new Promise<void>((resolve) => {
        // close() stops accepting but keeps open connections: the page's long poll stays.
        stopped = true;
        server.close(() => undefined);
        server.closeIdleConnections();
        resolve();
      }),
    handOff(kioskUrl) {
      nextUrl = kioskUrl;
      for (const res of waitingPages) json(res, 200, { url: kioskUrl });
      waitingPages.clear();
    },
    async close() {
      if (closed) return;
      closed = true;
      stopWatching();
      await closeScanners();
      for (const res of waitingPages) res.writeHead(204).end();
      waitingPages.clear();
      server.closeAllConnections();
      server.close();
    },
  };
}
