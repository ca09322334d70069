import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OkResponse } from '../../../contract/api/auth';
import { CatalogResponse } from '../../../contract/api/catalog';
import {
  EnrollRequest,
  EnrollResponse,
  EnrollmentCodeRequest,
  EnrollmentCodeResponse,
  PlacesResponse,
  StationMe,
} from '../../../contract/api/stations';
import type { Ctx } from '../../services/context';
import { offeredItems } from '../../services/admin/offered';
import { createEnrollmentCode, enroll, places, revokeKiosk, stationMe } from '../../services/stations';
import { RateLimiter, clientKey } from '../rate-limit';
import { route, type ZodApp, type ZodTypeProvider } from '../schema';

// Places, the catalog, and kiosk enrollment.

export async function placeRoutes(base: FastifyInstance, ctx: Ctx, opts: { enrollLimit: number }) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const limiter = new RateLimiter(opts.enrollLimit, 60_000, () => ctx.clock().getTime());
  publicPlaceRoutes(app, ctx);
  app.post(
    '/api/v1/admin/enrollment-codes',
    {
      schema: route({
        body: EnrollmentCodeRequest,
        response: { 201: EnrollmentCodeResponse },
        tags: ['stations'],
        summary: 'Make a one-time enrollment code for a station (admin)',
      }),
    },
    async (req, reply) =>
      reply.status(201).send(await createEnrollmentCode(ctx, req.principal, req.body.stationId)),
  );
  app.post(
    '/api/v1/stations/enroll',
    {
      schema: route({
        body: EnrollRequest,
        response: { 201: EnrollResponse },
        tags: ['stations'],
        summary: 'Enroll a kiosk with a one-time code; answers its station token',
        public: true,
        errors: [401, 429],
      }),
    },
    async (req, reply) => {
      const enrolled = await limiter.attempt([clientKey(req)], () =>
        enroll(ctx, req.body.code, req.body.kioskName),
      );
      return reply.status(201).send(enrolled);
    },
  );
  app.get(
    '/api/v1/stations/me',
    {
      schema: route({
        response: { 200: StationMe },
        tags: ['stations'],
        summary: "The calling kiosk's station",
      }),
    },
    (req) => stationMe(ctx, req.principal),
  );
  app.post(
    '/api/v1/admin/kiosks/:id/revoke',
    {
      schema: route({
        params: z.object({ id: z.string() }),
        response: { 200: OkResponse },
        tags: ['stations'],
        summary: 'Revoke a kiosk: its token stops working at once',
      }),
    },
    async (req) => {
      await revokeKiosk(ctx, req.principal, req.params.id);
      return { ok: true as const };
    },
  );
}

/** What a kiosk and the public pages read: places and the service catalogue. */
function publicPlaceRoutes(app: ZodApp, ctx: Ctx) {
  app.get(
    '/api/v1/places',
    {
      schema: route({
        response: { 200: PlacesResponse },
        tags: ['places'],
        summary: 'Centres and stations of the district',
        public: true,
      }),
    },
    () => places(ctx),
  );
  app.get(
    '/api/v1/catalog',
    {
      schema: route({
        response: { 200: CatalogResponse },
        tags: ['catalog'],
        summary: 'Service items (those the calling kiosk station offers) and priority claims',
        public: true,
      }),
    },
    async (req) => ({
      items: await offeredItems(ctx, req.principal),
      priorityClaims: ctx.settings.get().priorityClaims,
    }),
  );
}
