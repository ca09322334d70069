// The console's way to the central service: same-origin fetch with the session cookie, the CSRF
// header on every mutation, and the error body turned into an Error carrying its code.

let csrf = '';

export function setCsrf(token: string): void {
  csrf = token;
}

type ReachListener = (reachable: boolean) => void;
const reachListeners = new Set<ReachListener>();

/**
 * Follows whether central answers: false after a request got no answer (or a gateway's 502-504),
 * true after any answer. The connection banner uses it besides the event stream.
 */
export function onReachability(fn: ReachListener): () => void {
  reachListeners.add(fn);
  return () => reachListeners.delete(fn);
}
const reached = (ok: boolean) => reachListeners.forEach((fn) => fn(ok));

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    reached(false);
    throw new ApiError(0, 'UNAVAILABLE', (e as Error).message); // no answer: the network or the server is down
  }
  reached(res.status < 502 || res.status > 504);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    json = undefined; // e.g. a proxy's HTML error page
  }
  if (!res.ok) {
    type Body = { error?: { code?: string; message?: string; fields?: ApiError['fields'] } };
    const err = (json as Body | undefined)?.error;
    const code = err?.code ?? (res.status >= 500 ? 'UNAVAILABLE' : 'HTTP_' + res.status);
    throw new ApiError(res.status, code, err?.message ?? res.statusText, err?.fields ?? []);
  }
  return json as T;
}

/** ws:// or wss:// URL of a path on this origin. */
export function wsUrl(path: string): string {
  const u = new URL(path, window.location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}
