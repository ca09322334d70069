import { z } from 'zod';
import { ErrorBody, type ErrorCode, type FieldError } from '../../contract/errors';

// The staff pages' CSP has no 'unsafe-eval': zod must not try new Function() for its fast path (the
// attempt alone is reported as a CSP violation in Firefox).
z.config({ jitless: true });

// The one typed way from a staff front end (console, dashboard) to the central API: same-origin
// fetch with the session cookie, X-CSRF-Token on every mutation, every answer parsed with its
// contract schema (never cast), and every failure in one shape — the contract's error body (code,
// message, fields) plus the HTTP status, 0 when nothing answered. `request` returns it as a value;
// `call` throws it as an ApiError for code written around await.

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A failed call: the error body of contract/errors.ts and the HTTP status (0: no answer). */
export interface ApiFailure {
  status: number;
  code: ErrorCode;
  message: string;
  fields: FieldError[];
}

export type ApiResult<T> = { ok: true; data: T } | ({ ok: false } & ApiFailure);

export class ApiError extends Error implements ApiFailure {
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  constructor(f: ApiFailure) {
    super(f.message);
    this.name = 'ApiError';
    this.status = f.status;
    this.code = f.code;
    this.fields = f.fields;
  }
}

/** The failure an answer stands for: its error body when it has one, else a code from its status. */
export function failureOf(status: number, body: unknown, fallback = ''): ApiFailure {
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) {
    const e = parsed.data.error;
    return { status, code: e.code, message: e.message, fields: e.fields ?? [] };
  }
  const code: ErrorCode =
    status === 0 || status >= 500
      ? 'UNAVAILABLE' // no answer, or a proxy's error page: the server is down or unreachable
      : status === 401
        ? 'UNAUTHENTICATED'
        : status === 403
          ? 'FORBIDDEN'
          : status === 404
            ? 'NOT_FOUND'
            : 'BAD_REQUEST';
  return { status, code, message: fallback || `HTTP ${status}`, fields: [] };
}

export class ApiClient {
  private csrf: string | null = null;

  /** `base`: '' in the browser (same origin); an absolute URL elsewhere. */
  constructor(private readonly base = '') {}

  /** Remembers the token the sign-in (or /auth/me) returned, for later mutations. */
  setCsrf(token: string | null): void {
    this.csrf = token;
  }

  async request<S extends z.ZodType>(
    schema: S,
    method: Method,
    path: string,
    init: { body?: unknown; signal?: AbortSignal } = {},
  ): Promise<ApiResult<z.infer<S>>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        credentials: 'same-origin',
        cache: 'no-store',
        signal: init.signal,
      });
    } catch (e) {
      return { ok: false, ...failureOf(0, null, (e as Error).message) };
    }
    const text = await res.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      body = null; // e.g. a proxy's HTML error page
    }
    if (!res.ok) return { ok: false, ...failureOf(res.status, body, res.statusText) };
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const message = `the answer of ${method} ${path} does not match its contract`;
      return { ok: false, status: res.status, code: 'INTERNAL', message, fields: [] };
    }
    return { ok: true, data: parsed.data };
  }

  /** As `request`, throwing the failure as an ApiError. */
  async call<S extends z.ZodType>(
    schema: S,
    method: Method,
    path: string,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const r = await this.request(schema, method, path, { body });
    if (!r.ok) throw new ApiError(r);
    return r.data;
  }
}

/** ws:// or wss:// URL of a path on this origin. */
export function wsUrl(path: string): string {
  const u = new URL(path, window.location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}
