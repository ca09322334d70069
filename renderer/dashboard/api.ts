import type { z } from 'zod';
import { ApiClient, type ApiResult, wsUrl } from '../shared/api';

// Calls to the central API from the dashboard, through the shared typed client (renderer/shared/api.ts):
// answers parsed with their contract schema, failures as values with an error code.

export type { ApiResult };

const client = new ApiClient();

/** Remembers the token the login (or /auth/me) returned, for later mutating requests. */
export function setCsrfToken(token: string | null): void {
  client.setCsrf(token);
}

export function api<S extends z.ZodType>(
  schema: S,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {},
): Promise<ApiResult<z.infer<S>>> {
  return client.request(schema, init.method ?? 'GET', path, init);
}

/** The events WebSocket of a centre on this origin (the session cookie goes with it). */
export function eventsUrl(centreId: string): string {
  return wsUrl(`/api/v1/events?centreId=${encodeURIComponent(centreId)}`);
}
