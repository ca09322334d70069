import helmet from '@fastify/helmet';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DoorstepError } from '../../contract/errors';
import type { Ctx } from '../services/context';
import { SESSION_COOKIE } from '../../contract/api/auth';
import { staffFromSession } from '../services/staff';

// Security headers on every page and API answer, and the operator pages kept to operators.
//
// - CSP: the front ends load only their own bundle (Vite emits no inline script); React sets style
//   attributes, hence 'unsafe-inline' for styles only; QR codes and video frames are data:/blob:
//   URLs; the event and signaling sockets are on this origin. No page may be framed
//   (frame-ancestors 'none': clickjacking of the console).
// - Anything the API serves that is not JSON (uploaded documents, images) gets `sandbox`: opened
//   in a tab it runs no script and has no origin, whatever its bytes claim to be.
// - HSTS only when the public URL is https (a browser would otherwise refuse the plain dev server).
// - In production mode /metrics and /api/docs need the metrics token (Bearer) or a staff sign-in;
//   demo mode keeps them open for the dashboards and tests that read them.

export interface HeaderOptions {
  /** Production mode (not the demo seed): operator pages need a token or sign-in. */
  production: boolean;
  /** Bearer token for /metrics scrapers (DOORSTEP_METRICS_TOKEN). */
  metricsToken?: string;
  /** Send Strict-Transport-Security (the public URL is https). */
  hsts: boolean;
  /** The session cookie's name (__Host- prefixed over https). */
  sessionCookie?: string;
}

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  // 'self' alone: under CSP Level 3 it also covers ws:/wss: to this same host and port (the event
  // and signaling sockets), and nothing else — a script injected into a page cannot open a socket to
  // another host (tests/e2e/csp-connect.test.ts). WebRTC media and TURN are not fetches: not affected.
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

const OPERATOR_PAGES = /^\/(metrics|api\/docs)(\/|\?|$)/;

export async function useSecurityHeaders(app: FastifyInstance, ctx: Ctx | undefined, opts: HeaderOptions) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false, // TURN/WebRTC and the QR image need no isolation
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: opts.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (req.url.startsWith('/api/') && type && !/^application\/json|^text\/html/.test(type)) {
      reply.header('content-security-policy', "sandbox; default-src 'none'");
    }
    return payload;
  });
  if (!opts.production || !ctx) return;
  app.addHook('onRequest', async (req) => {
    if (!OPERATOR_PAGES.test(req.url)) return;
    if (opts.metricsToken && bearerMatches(req, opts.metricsToken)) return;
    // This hook runs before the cookie plugin's (it must cover the docs plugin's routes too).
    const session = sessionCookieOf(req.headers.cookie, opts.sessionCookie ?? SESSION_COOKIE);
    const p = session ? await staffFromSession(ctx, session) : null;
    if (p?.kind !== 'staff') {
      throw new DoorstepError('UNAUTHENTICATED', 'sign in as staff or use the metrics token');
    }
  });
}

function sessionCookieOf(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim(); // session tokens are URL-safe: no decoding
  }
  return null;
}

function bearerMatches(req: FastifyRequest, token: string): boolean {
  const h = req.headers.authorization;
  if (!h?.startsWith('Bearer ')) return false;
  const a = Buffer.from(h.slice(7).trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
