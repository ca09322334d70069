import type { FastifyInstance } from 'fastify';
import { Sealer } from './crypto';
import type { VideoKeys } from '../security/pii';
import type { WebSocket } from 'ws';
import type { VPrincipal } from './auth';
import type { VDb } from './db-port';
import { migrateVideo } from './migrations';
import { caseRoutes } from './routes';
import type { SettleHook } from '../services/ticket-actions';
import { VideoService, type VideoTicketPort, type VideoTimers } from './service';

// Remote video assistance as one fastify plugin: its tables, routes, the signaling WebSocket
// /api/v1/video/ws and the document retention sweep. Registered by the central app after its auth
// hook (req.principal), validation, error body and WebSocket support, which it uses as they are.

export interface VideoPluginOptions {
  db: VDb;
  /** 32-byte key (or the PII key ring's video keys) sealing documents, signatures, identities and the TURN secret. */
  key: Buffer | VideoKeys;
  now?: () => number;
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
  /** Closes a signaling socket when its credential ends (revoke, sign-out, expiry, deactivation). */
  watchSocket?: (socket: WebSocket, p: VPrincipal) => Promise<void>;
}

export async function videoPlugin(app: FastifyInstance, opts: VideoPluginOptions): Promise<void> {
  const now = opts.now ?? Date.now;
  await migrateVideo(opts.db);
  const svc = new VideoService(opts.db, new Sealer(opts.key), now, opts.tickets, opts.timers, app.log);
  const unsubscribe = opts.ticketsSettled?.((e) => svc.ticketSettled(e));

  app.get('/api/v1/video/ws', { websocket: true }, (socket, req) => {
    if (!req.principal) return socket.close(4401, 'unauthenticated');
    svc.hub.attach(req.principal, socket);
    void opts.watchSocket?.(socket, req.principal).catch(() => socket.close(1011, 'try again'));
  });

  caseRoutes(app, svc);

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
