import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  RegisterReleaseRequest,
  Release,
  ReleaseList,
  Rollout,
  RolloutRequest,
  RolloutStatus,
  RolloutStatusQuery,
  UpdateFeedQuery,
  UpdateFeedResponse,
} from '../../contract/updates';
import {
  type Ctx,
  assertCentre,
  requireDistrictAdmin,
  requireStaff,
  requireStation,
} from '../services/context';
import { route, type ZodTypeProvider } from '../http/schema';
import {
  type UpdateOptions,
  feedFor,
  listReleases,
  pauseRollout,
  registerRelease,
  rolloutStatus,
  setRollout,
} from './service';

// Kiosk updates over HTTP:
//   POST /api/v1/admin/releases            district admin: register a signed release
//   GET  /api/v1/admin/releases            supervisor, admin
//   PUT  /api/v1/admin/rollout             district admin: release, rings, window (starts it)
//   POST /api/v1/admin/rollout/{action}    supervisor, admin: pause | resume (a brake anyone on duty may pull)
//   GET  /api/v1/admin/rollout?centreId=   supervisor, admin of the centre: progress per ring
//   GET  /api/v1/kiosk/update?version=     kiosk (station token): the feed its updater reads

export async function updateRoutes(base: FastifyInstance, ctx: Ctx, opts: UpdateOptions): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/admin/releases',
    {
      schema: route({
        body: RegisterReleaseRequest,
        response: { 201: Release },
        tags: ['updates'],
        summary: 'Register a kiosk package release signed with the district key (district admin)',
        errors: [409, 503],
      }),
    },
    async (req, reply) => {
      const p = await requireDistrictAdmin(ctx, req.principal);
      return reply.status(201).send(await registerRelease(ctx, p, opts, req.body));
    },
  );
  app.get(
    '/api/v1/admin/releases',
    { schema: route({ response: { 200: ReleaseList }, tags: ['updates'], summary: 'Registered releases' }) },
    async (req) => {
      requireStaff(req.principal, ['supervisor', 'admin']);
      return { releases: await listReleases(ctx) };
    },
  );
  app.put(
    '/api/v1/admin/rollout',
    {
      schema: route({
        body: RolloutRequest,
        response: { 200: Rollout },
        tags: ['updates'],
        summary: 'Set the rollout: release, pilot stations, percentage, maintenance window (district admin)',
      }),
    },
    async (req) => setRollout(ctx, await requireDistrictAdmin(ctx, req.principal), req.body),
  );
  app.post(
    '/api/v1/admin/rollout/:action',
    {
      schema: route({
        params: z.object({ action: z.enum(['pause', 'resume']) }),
        response: { 200: Rollout },
        tags: ['updates'],
        summary: 'Pause or resume the rollout',
      }),
    },
    async (req) =>
      pauseRollout(ctx, requireStaff(req.principal, ['supervisor', 'admin']), req.params.action === 'pause'),
  );
  app.get(
    '/api/v1/admin/rollout',
    {
      schema: route({
        querystring: RolloutStatusQuery,
        response: { 200: RolloutStatus },
        tags: ['updates'],
        summary: 'The rollout and its progress per ring over a centre’s kiosks',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal, ['supervisor', 'admin']);
      assertCentre(p, req.query.centreId);
      return rolloutStatus(ctx, req.query.centreId);
    },
  );
  app.get(
    '/api/v1/kiosk/update',
    {
      schema: route({
        querystring: UpdateFeedQuery,
        response: { 200: UpdateFeedResponse },
        tags: ['updates'],
        summary: 'The update feed: the release this kiosk should install, or none',
      }),
    },
    async (req, reply) => {
      const s = requireStation(req.principal);
      reply.header('cache-control', 'no-store');
      return feedFor(ctx, { kioskId: s.kioskId, stationId: s.stationId }, req.query.version);
    },
  );
}
