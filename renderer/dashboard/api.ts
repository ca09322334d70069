import type { z } from 'zod';
import { ErrorCode } from '../../contract/errors';

// Calls to the central API from the dashboard: same origin, session cookie, X-CSRF-Token on every
// mutating request. Failures come back as values with an error code, never as thrown strings.

export type ApiResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; status: number };

let csrfToken: string | null = null;

/** Remembers the token the login (or /auth/me) returned, for later mutating requests. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function codeOf(body: unknown, status: number): ErrorCode {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  const parsed = ErrorCode.safeParse(code);
  if (parsed.success) return parsed.data;
  return status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'UNAVAILABLE';
}

export async function api<S extends z.ZodType>(
  schema: S,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {},
): Promise<ApiResult<z.infer<S>>> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: init.signal,
    });
  } catch {
    return { ok: false, code: 'UNAVAILABLE', status: 0 };
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) return { ok: false, code: codeOf(body, res.status), status: res.status };
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, code: 'INTERNAL', status: res.status };
  return { ok: true, data: parsed.data };
}

/** The events WebSocket of a centre on this origin (the session cookie goes with it). */
export function eventsUrl(centreId: string): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/api/v1/events?centreId=${encodeURIComponent(centreId)}`;
}
