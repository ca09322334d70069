import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { DoorstepError } from '../../contract/errors';
import { defaultResolver, type ResolvePrincipal } from './auth';
import { loadVideoKey, Sealer } from './crypto';
import type { VDb } from './db-port';
import { migrateVideo } from './migrations';
import { caseRoutes } from './routes';
import type { SettleHook } from '../services/ticket-actions';
import { VideoService, type VideoTicketPort, type VideoTimers } from './service';

// Remote video assistance as one fastify plugin: its tables, routes, the signaling WebSocket
// /api/v1/video/ws and the document retention sweep. Registered by the central app with the
// database (and, when the app has one, its own principal resolver and clock).

export interface VideoPluginOptions {
  db: VDb;
  /** 32-byte key sealing documents, signatures, identities and the TURN secret. */
  key?: Buffer;
  /** Without a key: the data folder keeping <dataDir>/keys/video.key. */
  dataDir?: string;
  now?: () => number;
  resolvePrincipal?: ResolvePrincipal;
  /** How often expired documents are deleted (ms); default hourly. */
  sweepEveryMs?: number;
  /** Ticket recall / no-show / return to the agent when a time limit passes (the central services). */
  tickets?: VideoTicketPort;
  /** The time-limit timers (default: setTimeout); tests fire them by hand. */
  timers?: VideoTimers;
  /**
   * Subscribes to tickets finished, marked no-show or transferred by the ticket service (returns the
   * unsubscribe): their open case is closed or settled by central, whichever client acted.
   */
  ticketsSettled?: (hook: SettleHook) => () => void;
}

export async function videoPlugin(app: FastifyInstance, opts: VideoPluginOptions): Promise<void> {
  const now = opts.now ?? Date.now;
  await migrateVideo(opts.db);
  const svc = new VideoService(
    opts.db,
    new Sealer(opts.key ?? loadVideoKey(opts.dataDir)),
    now,
    opts.tickets,
    opts.timers,
    app.log,
  );
  const who = opts.resolvePrincipal ?? defaultResolver(opts.db, now);
  const unsubscribe = opts.ticketsSettled?.((e) => svc.ticketSettled(e));

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof DoorstepError) return reply.code(err.status).send(err.toBody());
    if (err instanceof ZodError)
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: err.message } });
    const e = err as { statusCode?: number; message: string };
    const status = e.statusCode ?? 500;
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
    if (status >= 500) app.log.error(err);
    return reply.code(status).send({ error: { code, message: status < 500 ? e.message : 'internal error' } });
  });

  if (!app.hasDecorator('websocketServer')) await app.register(websocket);
  app.get('/api/v1/video/ws', { websocket: true }, (socket, req) => {
    void who(req).then(
      (p) => (p ? svc.hub.attach(p, socket) : socket.close(4401, 'unauthenticated')),
      () => socket.close(1011, 'error'),
    );
  });

  caseRoutes(app, svc, who);

  const sweep = setInterval(
    () => void svc.records.sweep().catch(() => undefined),
    opts.sweepEveryMs ?? 3_600_000,
  );
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    unsubscribe?.();
    svc.close();
  });
}
