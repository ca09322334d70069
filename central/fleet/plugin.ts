import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  FleetQuery,
  FleetResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  PublicBoard,
} from '../../contract/fleet';
import { type Ctx, assertCentre, requireStaff, requireStation } from '../services/context';
import { route, type ZodTypeProvider } from '../http/schema';
import { boardOf } from './board';
import { fleetOf, recordHeartbeat, sweep } from './service';
import { deliverCommands } from '../commands/service';
import { saveUpdateReport } from '../updates/service';

// Fleet health and the public hall board, registered by the central app after its auth layer
// (req.principal) and error body are in place:
//   POST /api/v1/stations/me/heartbeat        kiosk (station token)
//   GET  /api/v1/admin/fleet?centreId=        supervisor, admin of that centre
//   GET  /api/v1/public/centres/{id}/board    anyone (numbers and counts only)

export interface FleetOptions {
  /** How often silent kiosks are looked for (ms); 0 turns the timer off. */
  sweepEveryMs?: number;
}

export async function fleetRoutes(base: FastifyInstance, ctx: Ctx, opts: FleetOptions = {}): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/stations/me/heartbeat',
    {
      schema: route({
        body: HeartbeatRequest,
        response: { 200: HeartbeatResponse },
        tags: ['fleet'],
        summary: 'Kiosk heartbeat: app version, devices, link; answers with the server time',
      }),
      // State, latest wins: a repeat is harmless, so no idempotency record is stored for it.
      config: { idempotency: 'none' },
    },
    async (req) => {
      const kioskId = requireStation(req.principal).kioskId;
      const answer = await recordHeartbeat(ctx, kioskId, req.body);
      // Issue 14: the update state is kept for the rollout view, and queued remote commands ride on
      // the answer (the channel every kiosk already polls, so no new connection to keep open).
      await saveUpdateReport(ctx.db, kioskId, req.body.appVersion, req.body.update, ctx.clock().getTime());
      const commands = await deliverCommands(ctx, kioskId);
      return commands.length ? { ...answer, commands } : answer;
    },
  );

  app.get(
    '/api/v1/admin/fleet',
    {
      schema: route({
        querystring: FleetQuery,
        response: { 200: FleetResponse },
        tags: ['fleet'],
        summary: 'Stations and kiosks of a centre with their derived status',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal, ['supervisor', 'admin']);
      assertCentre(p, req.query.centreId);
      return fleetOf(ctx, req.query.centreId);
    },
  );

  app.get(
    '/api/v1/public/centres/:id/board',
    {
      schema: route({
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: PublicBoard },
        tags: ['public'],
        summary: 'Hall display board: latest calls and waiting counts, nothing personal',
      }),
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return boardOf(ctx, req.params.id);
    },
  );

  const every = opts.sweepEveryMs ?? 15_000;
  if (every > 0) {
    let running: Promise<unknown> | null = null;
    const timer = setInterval(() => {
      if (running) return;
      running = sweep(ctx)
        .catch((err: unknown) => app.log.warn({ err }, 'fleet sweep failed'))
        .finally(() => (running = null));
    }, every);
    timer.unref();
    // Stop before the database closes: no new sweep, and the one under way finishes first.
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
    });
  }
}
