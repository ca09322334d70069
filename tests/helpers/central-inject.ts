import type { FastifyInstance } from 'fastify';

// The fast route layer: central built as in production (plugins, migrations, demo seed, contract
// checks on responses) but with no socket; requests go through Fastify's `app.inject()`, so a route
// test skips TCP, keep-alive and port allocation. For what needs a real socket (WebSocket events,
// TLS, timeouts, raw bytes, a client that is cut off) use startTestCentral's default instead.
//
// tests/integration/central/harness.ts sends a request whose URL starts with a registered base
// through that base's app: its Client, KioskClient and staff() work unchanged on either layer.

type Send = (path: string, init: RequestInit) => Promise<Response>;

const transports = new Map<string, Send>();
let count = 0;

/** A fresh base URL for one central, e.g. http://central-3.inject (never resolved: nothing listens). */
export function injectBase(): string {
  return `http://central-${process.pid}-${++count}.inject`;
}

/** Routes requests to `base` into `app` until the returned function is called. */
export function registerInject(base: string, app: FastifyInstance): () => void {
  transports.set(base, (path, init) => inject(app, path, init));
  return () => void transports.delete(base);
}

/** The transport for `url` when its base is registered here, or undefined (use the network). */
export function injectFor(url: string): ((init: RequestInit) => Promise<Response>) | undefined {
  for (const [base, send] of transports) {
    if (url === base || url.startsWith(`${base}/`)) return (init) => send(url.slice(base.length), init);
  }
  return undefined;
}

/** The harness passes headers as a plain object. */
function headersOf(h: RequestInit['headers']): Record<string, string> {
  if (!h) return {};
  if (Array.isArray(h)) return Object.fromEntries(h.map(([k, v]) => [k!.toLowerCase(), v!]));
  if (h instanceof Headers) {
    const out: Record<string, string> = {};
    h.forEach((v, k) => (out[k] = v));
    return out;
  }
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

const NO_BODY = new Set([101, 204, 205, 304]);

async function inject(app: FastifyInstance, path: string, init: RequestInit): Promise<Response> {
  const res = await app.inject({
    method: (init.method ?? 'GET') as 'GET',
    url: path,
    headers: headersOf(init.headers),
    payload: typeof init.body === 'string' ? init.body : undefined,
  });
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) headers.append(k, String(one));
  }
  return new Response(NO_BODY.has(res.statusCode) ? null : new Uint8Array(res.rawPayload), {
    status: res.statusCode,
    headers,
  });
}
