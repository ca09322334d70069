import type { FastifyInstance } from 'fastify';
import {
  LoginRequest,
  LoginResponse,
  MeResponse,
  OkResponse,
  sessionCookieName,
} from '../../../contract/api/auth';
import { type Ctx, requireStaff } from '../../services/context';
import { logout } from '../../services/staff';
import { signIn } from '../../security/sign-in';
import { agentState, setAgentStatus } from '../../services/agents';
import { RateLimiter } from '../rate-limit';
import { route, type ZodTypeProvider } from '../schema';

// Staff sign-in with an HttpOnly, SameSite=Strict session cookie and a CSRF token.

export async function authRoutes(
  base: FastifyInstance,
  ctx: Ctx,
  opts: { secureCookies: boolean; loginLimit: number },
) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const cookieName = sessionCookieName(opts.secureCookies);
  const limiter = new RateLimiter(opts.loginLimit, 60_000, () => ctx.clock().getTime());
  app.post(
    '/api/v1/auth/login',
    {
      schema: route({
        body: LoginRequest,
        response: { 200: LoginResponse },
        tags: ['auth'],
        summary: 'Staff sign-in',
        public: true,
        errors: [401, 429],
      }),
    },
    async (req, reply) => {
      const s = await signIn(ctx, limiter, req, req.body.username, req.body.password);
      void reply.setCookie(cookieName, s.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.secureCookies,
        path: '/',
        expires: new Date(s.expiresAt),
      });
      return {
        staff: s.staff,
        csrfToken: s.csrfToken,
        expiresAt: new Date(s.expiresAt).toISOString(),
        ...(s.mustChangePassword ? { mustChangePassword: true } : {}),
      } satisfies LoginResponse;
    },
  );
  app.post(
    '/api/v1/auth/logout',
    {
      schema: route({ response: { 200: OkResponse }, tags: ['auth'], summary: 'Sign out (and go off duty)' }),
    },
    async (req, reply) => {
      const p = requireStaff(req.principal);
      if (p.staff.role !== 'admin') {
        // Signing out takes the agent off duty, so estimates stop counting them.
        const state = await agentState(ctx, p);
        if (state.status !== 'offline') await setAgentStatus(ctx, p, 'offline', null, state.centreId);
      }
      await logout(ctx, p.sessionHash);
      // (a __Host- cookie is only replaced, even by its deletion, with the same Secure flag)
      void reply.clearCookie(cookieName, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.secureCookies,
      });
      return { ok: true as const };
    },
  );
  app.get(
    '/api/v1/auth/me',
    {
      schema: route({
        response: { 200: MeResponse },
        tags: ['auth'],
        summary: 'The signed-in staff member and CSRF token',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal);
      return { staff: p.staff, csrfToken: p.csrf } satisfies MeResponse;
    },
  );
}
