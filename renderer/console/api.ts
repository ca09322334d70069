import type { z } from 'zod';
import { ApiClient, ApiError, type Method, wsUrl } from '../shared/api';

// The console's way to the central service: the shared typed client (renderer/shared/api.ts), whose
// failures are thrown as ApiError (code, message, fields, status) for code written around await.

export { ApiError, wsUrl };

const client = new ApiClient();

export function setCsrf(token: string): void {
  client.setCsrf(token);
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

/** Calls the API and parses the answer with its contract schema; a failure is thrown as ApiError. */
export async function api<S extends z.ZodType>(
  schema: S,
  method: Method,
  path: string,
  body?: unknown,
): Promise<z.infer<S>> {
  try {
    const value = await client.call(schema, method, path, body);
    reached(true);
    return value;
  } catch (e) {
    const status = e instanceof ApiError ? e.status : 0;
    reached(status !== 0 && (status < 502 || status > 504));
    throw e;
  }
}
