import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import { serveFrontEnds } from './static';
import type { Ctx } from './services/context';
import { useAuth } from './http/auth';
import { sessionCookieName } from '../contract/api/auth';
import { useSecurityHeaders } from './http/headers';
import { checkWebSocketOrigin } from './http/ws-origin';
import { useErrorBody } from './http/errors';
import { useIdempotency } from './http/idempotency';
import { type LogSink, loggerOptions } from './http/logger';
import { useMetrics } from './http/metrics';
import { useOpenApi } from './http/openapi';
import { useZodValidation } from './http/schema';
import { refuseHostileInput } from './http/hostile-input';
import { type ServerLimits, serverOptions } from './http/server-options';
import { agentRoutes } from './http/routes/agents';
import { agentTodayRoutes } from './http/routes/agent-today';
import { appointmentRoutes } from './http/routes/appointments';
import { abandonRoutes } from './http/routes/abandon';
import { adminRoutes } from './http/routes/admin';
import { adminEntityRoutes } from './http/routes/admin-all';
import { authRoutes } from './http/routes/auth';
import { dataRoutes } from './http/routes/data';
import { eventRoutes } from './http/routes/events';
import { leaseRoutes } from './http/routes/leases';
import { placeRoutes } from './http/routes/places';
import { publicRoutes } from './http/routes/public';
import { reportRoutes } from './http/routes/reports';
import { ticketRoutes } from './http/routes/tickets';
import { fleetRoutes } from './fleet/plugin';
import { updateRoutes } from './updates/routes';
import { commandRoutes } from './commands/routes';
import { districtKeyOf } from './updates/key';
import { type VideoTimers, videoOptionsOf, videoPlugin } from './video';

export interface CentralOptions extends ServerLimits {
  /** Folder of the built front ends; not served when absent. */
  rendererDir?: string;
  logger?: boolean | LogSink;
  /** The running services; without them only /healthz and the front ends are served. */
  ctx?: Ctx;
  /** Secure flag on the session cookie (true behind HTTPS). */
  secureCookies?: boolean;
  /** Attempts per minute per client for login and for enrollment. */
  loginLimit?: number;
  enrollLimit?: number;
  /** The video time-limit timers (tests fire them by hand). */
  videoTimers?: VideoTimers;
  /** Check every JSON response against its contract schema (tests; see central/http/schema.ts). */
  checkResponses?: boolean;
  /** Production mode: /metrics and /api/docs need the metrics token or a staff sign-in. */
  production?: boolean;
  metricsToken?: string;
  /** Send HSTS (the public URL is https). */
  hsts?: boolean;
  /** The district's Ed25519 update public key (PEM, or a PEM file's path); releases need it. */
  updateKey?: string;
  /** Where uploaded kiosk packages are kept (<data>/releases); no uploads without it (issue 14). */
  releasesDir?: string;
  /** The largest kiosk package accepted by upload, in bytes (default 512 MiB). */
  maxPackageBytes?: number;
}

/** The central service as an app, separate from the process that listens (see server.ts / cli.ts). */
export async function buildCentralApp(opts: CentralOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: loggerOptions(opts.logger), ...serverOptions(opts) });
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  const ctx = opts.ctx;
  await useSecurityHeaders(app, ctx, {
    production: opts.production ?? false,
    metricsToken: opts.metricsToken,
    hsts: opts.hsts ?? false,
    sessionCookie: sessionCookieName(opts.secureCookies ?? false),
  });
  if (ctx) {
    useZodValidation(app, { checkResponses: opts.checkResponses ?? false });
    useErrorBody(app);
    refuseHostileInput(app);
    await useOpenApi(app);
    await app.register(cookie);
    await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
    useAuth(app, ctx, sessionCookieName(opts.secureCookies ?? false));
    checkWebSocketOrigin(app, ctx);
    useIdempotency(app, ctx);
    useMetrics(app, ctx);
    app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
      const ok = await ctx.db.get('SELECT 1 AS one').then(
        () => true,
        () => false,
      );
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'database unavailable' });
    });
    await authRoutes(app, ctx, {
      secureCookies: opts.secureCookies ?? false,
      loginLimit: opts.loginLimit ?? 10,
    });
    await placeRoutes(app, ctx, { enrollLimit: opts.enrollLimit ?? 10 });
    await ticketRoutes(app, ctx);
    await abandonRoutes(app, ctx);
    await agentRoutes(app, ctx);
    await agentTodayRoutes(app, ctx);
    await appointmentRoutes(app, ctx);
    await leaseRoutes(app, ctx);
    await adminRoutes(app, ctx);
    await adminEntityRoutes(app, ctx);
    await eventRoutes(app, ctx);
    await publicRoutes(app, ctx);
    await fleetRoutes(app, ctx);
    await updateRoutes(app, ctx, {
      districtKey: await districtKeyOf(opts.updateKey),
      releasesDir: opts.releasesDir,
      maxPackageBytes: opts.maxPackageBytes,
    });
    await commandRoutes(app, ctx);
    await reportRoutes(app, ctx);
    await dataRoutes(app, ctx);
    await app.register(videoPlugin, videoOptionsOf(ctx, opts.videoTimers));
  }
  if (opts.rendererDir) await serveFrontEnds(app, opts.rendererDir);
  return app;
}
