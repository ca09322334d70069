import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { EventEnvelope, HelloMessage } from '../../../contract/events';
import { type Ctx, assertCentre, requireAny } from '../../services/context';
import { watchCredential } from '../../security/live-sockets';
import { outsiderJson } from '../../security/redact';
import { envelopeJson } from '../../services/event-hub';
import { route, type ZodTypeProvider } from '../schema';

// WebSocket /api/v1/events?centreId=…&since=…: the centre's events, resumable. A client that sends
// back the last id it handled gets everything after it, once and in order: live events that arrive
// while the backlog is replayed are held, and anything at or below the last id sent is dropped.

const Query = z.object({
  centreId: z.string().min(1),
  since: z.coerce.number().int().nonnegative().optional(),
  token: z.string().optional(),
});

const encode = envelopeJson; // once per event, shared by every socket

export async function eventRoutes(base: FastifyInstance, ctx: Ctx) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/events',
    {
      websocket: true,
      schema: route({
        querystring: Query,
        tags: ['events'],
        summary: 'WebSocket: centre events (see contract/events.ts)',
      }),
      preHandler: async (req) => {
        assertCentre(requireAny(req.principal), req.query.centreId);
      },
    },
    (socket: WebSocket, req) => {
      const { centreId, since } = req.query;
      void watchCredential(ctx, socket, req.principal);
      const toJson = req.principal?.kind === 'station' ? outsiderJson : encode;
      let lastSent = since ?? ctx.hub.lastId(centreId);
      let replaying = since !== undefined;
      const held: EventEnvelope[] = [];
      const send = (e: EventEnvelope) => {
        if (e.id <= lastSent || socket.readyState !== socket.OPEN) return;
        lastSent = e.id;
        socket.send(toJson(e));
      };
      const unsubscribe = ctx.hub.subscribe(centreId, (e) => (replaying ? held.push(e) : send(e)));
      socket.on('close', unsubscribe);
      socket.on('error', unsubscribe);
      const hello: HelloMessage = { type: 'hello', centreId, lastEventId: ctx.hub.lastId(centreId) };
      socket.send(JSON.stringify(hello));
      if (!replaying) return;
      void (async () => {
        try {
          for (;;) {
            const batch = await ctx.hub.since(centreId, lastSent, 1000);
            batch.forEach(send);
            if (batch.length < 1000) break;
          }
        } finally {
          replaying = false;
          held.splice(0).forEach(send);
        }
      })().catch(() => socket.close(1011, 'replay failed'));
    },
  );
}
