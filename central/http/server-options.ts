import type { FastifyReply, FastifyServerOptions } from 'fastify';
import { DoorstepError } from '../../contract/errors';

// Limits of the listening server, so that a slow or hostile client cannot hold a connection: a
// request (headers and body) must arrive within `requestTimeoutMs` (408 and closed otherwise), an
// idle socket is closed after a minute, bodies are at most 1 MB unless a route says more.
// Node checks the request deadlines every `connectionsCheckingInterval` (default 30 s, far too
// coarse for a short timeout), so the interval follows the timeout.
// Hostile input in general: docs/security.md; the generated test: tests/integration/security/.

export interface ServerLimits {
  requestTimeoutMs?: number;
  /**
   * Behind a reverse proxy: trust its X-Forwarded-For / -Proto (true, a hop count, or its
   * addresses), so that limits key on the real client. Never without a proxy: anyone could then
   * pick their own address.
   */
  trustProxy?: boolean | number | string;
  /** Listen with HTTPS (certificate chain and key as PEM, checked by http/tls.ts). */
  tls?: { cert: string; key: string };
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function serverOptions(limits: ServerLimits): Partial<FastifyServerOptions> {
  const requestTimeout = limits.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const http = {
    requestTimeout,
    headersTimeout: Math.min(requestTimeout, 20_000),
    connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(requestTimeout / 4))),
  };
  return {
    bodyLimit: 1024 * 1024,
    trustProxy: limits.trustProxy ?? false,
    requestTimeout,
    connectionTimeout: Math.max(60_000, requestTimeout),
    // With a certificate the same limits go to the https server (fastify ignores `http` then).
    ...(limits.tls ? { https: { ...http, cert: limits.tls.cert, key: limits.tls.key } } : { http }),
    // A URL the router cannot decode (`%ff`) or a parameter over its length limit gets the error
    // body like every other bad request (fastify's own body otherwise).
    frameworkErrors: (err: { code?: string }, _req: unknown, reply: FastifyReply) => {
      const e =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new DoorstepError('BAD_REQUEST', 'a path parameter is too long')
          : new DoorstepError('BAD_REQUEST', 'the URL is not valid');
      void reply.status(e.status).send(e.toBody());
    },
  } as Partial<FastifyServerOptions>;
}
