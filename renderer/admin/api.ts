import { ErrorCode, type FieldError } from '../../contract/errors';

// Calls to /api/v1/admin from the admin pages: same origin, session cookie, X-CSRF-Token on every
// mutating request. Failures come back as values (code, message, fields), never thrown.

export type Result<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; status: number; message: string; fields: FieldError[] };

let csrf: string | null = null;
export const setCsrf = (token: string | null) => {
  csrf = token;
};

export async function call<T>(
  path: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' = 'GET',
  body?: unknown,
  /** Read a successful answer as text (e.g. a printable HTML page) instead of JSON. */
  as: 'json' | 'text' = 'json',
): Promise<Result<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, code: 'UNAVAILABLE', status: 0, message: 'network', fields: [] };
  }
  if (res.ok && as === 'text') return { ok: true, data: (await res.text()) as T };
  const json = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; fields?: FieldError[] };
  } | null;
  if (!res.ok) {
    const parsed = ErrorCode.safeParse(json?.error?.code);
    return {
      ok: false,
      code: parsed.success ? parsed.data : 'UNAVAILABLE',
      status: res.status,
      message: json?.error?.message ?? String(res.status),
      fields: json?.error?.fields ?? [],
    };
  }
  return { ok: true, data: json as T };
}
