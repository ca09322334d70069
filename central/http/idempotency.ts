import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HEADERS } from '../../contract/api/auth';
import { DoorstepError } from '../../contract/errors';
import type { Ctx } from '../services/context';

// Idempotency-Key: every mutating request from a kiosk carries one (its outbox replays them). The
// first request with a key records its status and body; a replay returns that response unchanged
// (Idempotent-Replay: true) and changes nothing. A replay while the first is still running gets 409
// (PostgreSQL: a placeholder row; SQLite, one process per file: a set in memory). Server errors are
// not recorded, so the kiosk's retry runs again.

declare module 'fastify' {
  interface FastifyRequest {
    idem: { principal: string; key: string; path: string; at: number; flightKey: string | null } | null;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

function principalKey(req: FastifyRequest): string | null {
  const p = req.principal;
  if (!p) return null;
  return p.kind === 'station' ? `kiosk:${p.kioskId}` : `staff:${p.staff.id}`;
}

export function useIdempotency(app: FastifyInstance, ctx: Ctx): void {
  const inFlight = new Set<string>();
  app.decorateRequest('idem', null);
  app.addHook('preValidation', async (req, reply) => {
    if (!MUTATING.has(req.method) || !req.url.startsWith('/api/v1/')) return;
    const raw = req.headers[HEADERS.idempotencyKey];
    const key = Array.isArray(raw) ? raw[0] : raw;
    const principal = principalKey(req);
    if (!principal) return;
    if (!key) {
      if (req.principal?.kind === 'station') {
        throw new DoorstepError('VALIDATION_FAILED', 'kiosk requests need an Idempotency-Key header', [
          { path: 'Idempotency-Key', message: 'required' },
        ]);
      }
      return;
    }
    if (!KEY.test(key)) {
      throw new DoorstepError('VALIDATION_FAILED', 'bad Idempotency-Key', [
        { path: 'Idempotency-Key', message: '8-128 letters, digits or _.:-' },
      ]);
    }
    const path = req.url.split('?')[0]!;
    const now = ctx.clock().getTime();
    if (ctx.db.kind === 'sqlite') {
      // One process owns an SQLite file: requests in flight are tracked in memory, and the record is
      // written once, with the response.
      const prev = await ctx.db.get<Prev>(SELECT_PREV, [principal, key]);
      if (prev) return replay(prev, req.method, path, reply);
      const flightKey = `${principal}\u0000${key}`;
      if (inFlight.has(flightKey))
        throw new DoorstepError('CONFLICT', 'the first request with this key is still running');
      inFlight.add(flightKey);
      req.idem = { principal, key, path, at: now, flightKey };
      return;
    }
    const fresh = await ctx.db.run(
      `INSERT INTO idempotency (principal, key, method, path, status, created_at) VALUES (?, ?, ?, ?, 0, ?)
       ON CONFLICT (principal, key) DO NOTHING`,
      [principal, key, req.method, path, now],
    );
    if (fresh === 1) {
      req.idem = { principal, key, path, at: now, flightKey: null };
      return;
    }
    const prev = await ctx.db.get<Prev>(SELECT_PREV, [principal, key]);
    if (!prev || prev.status === 0) {
      throw new DoorstepError('CONFLICT', 'the first request with this key is still running');
    }
    return replay(prev, req.method, path, reply);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idem;
    if (!idem) return payload;
    req.idem = null;
    const body = typeof payload === 'string' ? payload : null;
    try {
      if (idem.flightKey) {
        if (reply.statusCode < 500) {
          await ctx.db.run(
            `INSERT INTO idempotency (principal, key, method, path, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (principal, key) DO NOTHING`,
            [idem.principal, idem.key, req.method, idem.path, reply.statusCode, body, idem.at],
          );
        }
      } else if (reply.statusCode >= 500) {
        await ctx.db.run('DELETE FROM idempotency WHERE principal = ? AND key = ?', [
          idem.principal,
          idem.key,
        ]);
      } else {
        await ctx.db.run('UPDATE idempotency SET status = ?, body = ? WHERE principal = ? AND key = ?', [
          reply.statusCode,
          body,
          idem.principal,
          idem.key,
        ]);
      }
    } finally {
      if (idem.flightKey) inFlight.delete(idem.flightKey);
    }
    return payload;
  });
  // A request that never reaches onSend (client gone) must not keep its key in flight.
  app.addHook('onResponse', async (req) => {
    if (req.idem?.flightKey) inFlight.delete(req.idem.flightKey);
  });
}

interface Prev {
  method: string;
  path: string;
  status: number;
  body: string | null;
}
const SELECT_PREV = 'SELECT method, path, status, body FROM idempotency WHERE principal = ? AND key = ?';

function replay(prev: Prev, method: string, path: string, reply: FastifyReply) {
  if (prev.method !== method || prev.path !== path) {
    throw new DoorstepError('CONFLICT', 'this Idempotency-Key was used for another request');
  }
  return reply
    .status(prev.status)
    .header(HEADERS.idempotentReplay, 'true')
    .header('content-type', 'application/json; charset=utf-8')
    .send(prev.body ?? '');
}
