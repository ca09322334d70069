import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { EventEnvelope, HelloMessage } from '../../../contract/events';
import { type Ctx, type Principal, assertCentre, requireAny } from '../../services/context';
import { kioskKey, liveSockets, sessionKey, staffKey } from '../../security/live-sockets';
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

/** Closes the socket when its kiosk is revoked, its session signed out or expired. */
async function watchCredential(ctx: Ctx, socket: WebSocket, p: Principal | null): Promise<void> {
  if (!p) return;
  if (p.kind === 'station') return liveSockets.add(socket, [kioskKey(p.kioskId)]);
  const s = await ctx.db.get<{ expires_at: number }>('SELECT expires_at FROM sessions WHERE token_hash = ?', [
    p.sessionHash,
  ]);
  const expiresAt = s ? Number(s.expires_at) - ctx.clock().getTime() + Date.now() : Date.now();
  liveSockets.add(socket, [sessionKey(p.sessionHash), staffKey(p.staff.id)], expiresAt);
}

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
