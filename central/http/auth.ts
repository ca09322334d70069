import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HEADERS, SESSION_COOKIE } from '../../contract/api/auth';
import { DoorstepError } from '../../contract/errors';
import type { Ctx, Principal } from '../services/context';
import { staffFromSession } from '../services/staff';
import { stationFromToken } from '../services/stations';

// Who is asking: a kiosk (Authorization: Bearer <station token>) or staff (the session cookie).
// Cookie-authenticated mutations must echo the session's CSRF token in X-CSRF-Token. A credential
// that is present but wrong is a 401 at once, so a revoked kiosk learns it on its next request.

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a person whose password was reset may do before choosing a new one. */
const PASSWORD_CHANGE_PATHS = new Set(['/api/v1/auth/password', '/api/v1/auth/me', '/api/v1/auth/logout']);

export function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return req.url.startsWith('/api/v1/events') && typeof q === 'string' ? q : null;
}

export async function resolvePrincipal(
  ctx: Ctx,
  req: FastifyRequest,
  cookieName: string = SESSION_COOKIE,
): Promise<Principal | null> {
  const bearer = bearerOf(req);
  if (bearer) {
    const p = bearer.startsWith('dss_')
      ? await staffFromSession(ctx, bearer)
      : await stationFromToken(ctx, bearer);
    if (!p) throw new DoorstepError('UNAUTHENTICATED', 'the token is not valid (revoked or unknown)');
    return p;
  }
  // Only the cookie of this listener's kind: over https a plain-named cookie (which any sibling host
  // or http page could have planted) is not a session.
  const cookie = req.cookies?.[cookieName];
  if (cookie) {
    const p = await staffFromSession(ctx, cookie);
    if (!p) return null; // an expired session is the same as none
    if (!SAFE.has(req.method) && req.headers[HEADERS.csrf] !== (p.kind === 'staff' ? p.csrf : '')) {
      throw new DoorstepError('FORBIDDEN', 'missing or wrong X-CSRF-Token');
    }
    return p;
  }
  return null;
}

/** A route that needs no credential: `public: true` in route() (security: [] in the document). */
function isPublicRoute(req: FastifyRequest): boolean {
  const s = req.routeOptions.schema as { public?: boolean; security?: unknown[] } | undefined;
  if (!s) return true; // no route (a 404) or a framework route: nothing to protect here
  return (
    s.public === true ||
    (Array.isArray(s.security) && s.security.length === 0) ||
    req.url.startsWith('/api/v1/public/')
  );
}

export function useAuth(app: FastifyInstance, ctx: Ctx, cookieName: string = SESSION_COOKIE): void {
  app.decorateRequest('principal', null);
  // Who you are before what you sent: an anonymous request to a route that needs a credential gets
  // 401 before its body or query is validated, so it learns nothing of the route's inputs. Roles are
  // checked by each service (kiosk, agent, supervisor, admin). WebSockets check their own credentials.
  app.addHook('preValidation', async (req) => {
    if (req.principal || !req.url.startsWith('/api/v1/') || req.headers.upgrade) return;
    if (!isPublicRoute(req)) throw new DoorstepError('UNAUTHENTICATED', 'sign in or present a kiosk token');
  });
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    req.principal = await resolvePrincipal(ctx, req, cookieName);
    const p = req.principal;
    if (p?.kind === 'staff' && p.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(req.url.split('?')[0]!)) {
      throw new DoorstepError(
        'FORBIDDEN',
        'your password was reset: set a new one first (POST /api/v1/auth/password)',
      );
    }
  });
}
