import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CommandListQuery,
  CommandResultRequest,
  KioskCommandView,
  SendCommandRequest,
  SendCommandResponse,
} from '../../contract/commands';
import { type Ctx, assertCentre, requireStaff, requireStation } from '../services/context';
import { route, type ZodTypeProvider } from '../http/schema';
import { listCommands, reportCommand, sendCommand } from './service';

// Remote commands over HTTP (delivery to the kiosk is in its heartbeat answer, central/fleet/plugin.ts):
//   POST /api/v1/admin/commands                       supervisor, admin of the target's centre
//   GET  /api/v1/admin/commands?centreId=&kioskId=    supervisor, admin of the centre
//   POST /api/v1/stations/me/commands/{id}/result     the kiosk the command is for

export async function commandRoutes(base: FastifyInstance, ctx: Ctx): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/admin/commands',
    {
      schema: route({
        body: SendCommandRequest,
        response: { 201: SendCommandResponse },
        tags: ['commands'],
        summary: 'Send a command to a kiosk, every kiosk of a station, or of a centre',
      }),
    },
    async (req, reply) => {
      const p = requireStaff(req.principal, ['supervisor', 'admin']);
      return reply.status(201).send({ commands: await sendCommand(ctx, p, req.body) });
    },
  );
  app.get(
    '/api/v1/admin/commands',
    {
      schema: route({
        querystring: CommandListQuery,
        response: { 200: SendCommandResponse },
        tags: ['commands'],
        summary: 'Commands of a centre (or one kiosk), newest first, with state and result',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal, ['supervisor', 'admin']);
      assertCentre(p, req.query.centreId);
      return { commands: await listCommands(ctx, req.query.centreId, req.query.kioskId) };
    },
  );
  app.post(
    '/api/v1/stations/me/commands/:id/result',
    {
      schema: route({
        params: z.object({ id: z.string().min(1).max(64) }),
        body: CommandResultRequest,
        response: { 200: KioskCommandView },
        tags: ['commands'],
        summary: 'A kiosk reports the outcome of a command it was given',
      }),
      // Latest state of one command; a repeat is refused as INVALID_TRANSITION, never applied twice.
      config: { idempotency: 'none' },
      bodyLimit: 6 * 1024 * 1024,
    },
    async (req) => reportCommand(ctx, requireStation(req.principal).kioskId, req.params.id, req.body),
  );
}
