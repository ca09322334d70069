import { z } from 'zod';
import { BRIDGE_PROTOCOL, ServerMessage } from '../../contract/bridge';
import type {
  DoorstepApi,
  KioskCallError,
  KioskChannel,
  KioskEvent,
  KioskRequest,
  KioskResponse,
} from '../../contract/kiosk';

// The kiosk page's CSP has no 'unsafe-eval': zod must not try new Function() for its fast path.
z.config({ jitless: true });

// window.doorstep over the browser-shell bridge (main/host/browser-shell): a WebSocket to the page's
// own origin at /bridge. The URL fragment (#bridge=<token>) carries a one-time bootstrap; when the page
// attaches, the host answers with a session secret that only this page holds (kept in memory and in the
// tab's sessionStorage for a reload — the profile folder is the kiosk user's alone), so the token that
// was visible on a command line is worthless afterwards. Installed only when the Electron preload has
// not provided window.doorstep and a secret is present. Reconnects with backoff; calls made while disconnected wait for the link, and
// calls cut off by a disconnect reject with code NO_HOST. No Node imports here (renderer). Every message
// from the host is parsed with the protocol's schemas (contract/bridge.ts), never cast.

const SECRET_KEY = 'doorstep.bridge';
const CALL_TIMEOUT_MS = 30_000;
/** How long a call waits for a lost link to come back before it fails with NO_HOST. */
const CONNECT_WAIT_MS = 5_000;

export class BridgeCallError extends Error {
  readonly code: string;
  constructor(readonly body: KioskCallError) {
    super(body.error.message);
    this.name = 'BridgeCallError';
    this.code = body.error.code;
  }
}

const noHost = (message: string): KioskCallError => ({ error: { code: 'NO_HOST', message } });

/** The token from #bridge=… (or, after a reload, the session secret), and a URL cleaned of it. */
export function takeBridgeSecret(): string | null {
  const m = /(?:^#|&)bridge=([0-9a-f]{16,128})/.exec(window.location.hash);
  if (m) {
    try {
      sessionStorage.setItem(SECRET_KEY, m[1]!);
    } catch {
      // storage may be disabled; the secret still works for this page load
    }
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return m[1]!;
  }
  try {
    return sessionStorage.getItem(SECRET_KEY);
  } catch {
    return null;
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
}

function keepSession(session: string): void {
  try {
    sessionStorage.setItem(SECRET_KEY, session);
  } catch {
    // storage may be disabled; the session still works until a reload
  }
}

export function createBridgeClient(url: string, initialSecret: string): DoorstepApi & { close(): void } {
  let secret = initialSecret;
  const listeners = new Set<(e: KioskEvent) => void>();
  const pending = new Map<number, Pending>();
  const waiting: Array<() => void> = [];
  let ws: WebSocket | null = null;
  let ready = false;
  let nextId = 1;
  let attempt = 0;
  let closed = false;

  const connect = () => {
    if (closed) return;
    const sock = new WebSocket(url, [BRIDGE_PROTOCOL, `secret.${secret}`]);
    ws = sock;
    sock.onmessage = (ev) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      const parsed = ServerMessage.safeParse(raw);
      if (!parsed.success) {
        // An answer that breaks the protocol fails its call at once instead of after the call's time limit.
        const id = (raw as { id?: unknown } | null)?.id;
        const p = typeof id === 'number' ? pending.get(id) : undefined;
        if (p && typeof id === 'number') {
          pending.delete(id);
          clearTimeout(p.timer);
          const message = 'the kiosk host sent an answer outside the bridge protocol';
          p.reject(new BridgeCallError({ error: { code: 'INTERNAL', message } }));
        }
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'ready') {
        if (typeof msg.session === 'string' && msg.session !== secret) {
          secret = msg.session; // the one-time token is spent: reconnect with the session secret
          keepSession(secret);
        }
        ready = true;
        attempt = 0;
        for (const go of waiting.splice(0)) go();
      } else if (msg.type === 'event') {
        for (const l of listeners) l(msg.event);
      } else {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        clearTimeout(p.timer);
        if (msg.ok) p.resolve(msg.response);
        else p.reject(new BridgeCallError(msg.error));
      }
    };
    sock.onclose = (ev) => {
      // 4001: a newer kiosk page attached (main/host/browser-shell/server.ts); this one stays detached.
      if (ev.code === 4001) closed = true;
      ready = false;
      if (ws === sock) ws = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        clearTimeout(p.timer);
        p.reject(new BridgeCallError(noHost('the connection to the kiosk host was lost')));
      }
      const delay = Math.min(5000, 250 * 2 ** Math.min(attempt++, 5));
      if (!closed) setTimeout(connect, delay);
    };
  };

  const whenReady = () =>
    ready
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const go = () => {
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(() => {
            const i = waiting.indexOf(go);
            if (i >= 0) waiting.splice(i, 1);
            reject(new BridgeCallError(noHost('the kiosk host is not reachable')));
          }, CONNECT_WAIT_MS);
          waiting.push(go);
        });

  connect();
  return {
    async call<C extends KioskChannel>(channel: C, request: KioskRequest<C>): Promise<KioskResponse<C>> {
      await whenReady();
      const id = nextId++;
      return new Promise<KioskResponse<C>>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new BridgeCallError(noHost(`${channel} got no answer in time`)));
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        ws?.send(JSON.stringify({ type: 'call', id, channel, request: request ?? {} }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      ws?.close();
    },
  };
}

/** Installs window.doorstep over the bridge unless a preload already did; returns whether it did. */
export function installBridge(): boolean {
  if (typeof window === 'undefined' || window.doorstep) return false;
  const secret = takeBridgeSecret();
  if (!secret) return false;
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/bridge`;
  window.doorstep = createBridgeClient(url, secret);
  return true;
}

installBridge();
