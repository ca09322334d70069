import type { z } from 'zod';
import { ApiClient, ApiError, type Method, wsUrl } from '../shared/api';

// The console's way to the central service: the shared typed client (renderer/shared/api.ts), whose
// failures are thrown as ApiError (code, message, fields, status) for code written around await.

export { ApiError, wsUrl };

const client = new ApiClient();

export function setCsrf(token: string): void {
  client.setCsrf(token);
}

/** Calls the API and parses the answer with its contract schema; a failure is thrown as ApiError. */
export function api<S extends z.ZodType>(
  schema: S,
  method: Method,
  path: string,
  body?: unknown,
): Promise<z.infer<S>> {
  return client.call(schema, method, path, body);
}
