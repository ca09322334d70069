import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HEADERS } from '../../contract/api/auth';
import { DoorstepError } from '../../contract/errors';
import { isKeyViolation, type Queryable } from '../db/db';
import type { Ctx } from '../services/context';

// Idempotency-Key: every mutating request from a kiosk carries one (its outbox replays them). The
// first request with a key records its status and body; a replay returns that response unchanged
// (Idempotent-Replay: true) and changes nothing. Server errors are not recorded, so the kiosk's retry
// runs again.
//
// Routes that opt in (route config `idempotency: 'in-tx'`, see `respondIdempotent`) write the record in
// the transaction of their effect: the key and the change commit together or not at all, and a
// request that meets a record committed meanwhile rolls back and answers as a replay. Other routes
// record the response when it is sent; a replay while the first is still running gets 409
// REQUEST_IN_PROGRESS (PostgreSQL: a placeholder row; SQLite, one process per file: a set in memory,
// for both kinds) — its own code, so a client retries that and nothing else: a business 409 (CONFLICT,
// INVALID_TRANSITION …) is an answer, not a reason to wait. A key sent again with another method or
// path gets 422 IDEMPOTENCY_KEY_REUSED.
//
// Read-like routes (route config `idempotency: 'none'`: an appointment lookup, the kiosk heartbeat)
// store nothing: repeating them is harmless, and their answers (appointment codes) must not be kept
// for 7 days. A kiosk may still send the header; it is ignored there.

declare module 'fastify' {
  interface FastifyRequest {
    idem: {
      principal: string;
      key: string;
      path: string;
      at: number;
      flightKey: string | null;
      /** 'placeholder': PostgreSQL row with status 0 written up front; 'at-end': written once, with the response. */
      mode: 'placeholder' | 'at-end';
      /** Set when the response was recorded in the transaction of its effect (or is a replay). */
      done: boolean;
    } | null;
  }
  interface FastifyContextConfig {
    /**
     * 'in-tx': the handler records the key in its own transaction through respondIdempotent.
     * 'none': a read-like POST (safe to repeat); no key is required, stored or replayed.
     */
    idempotency?: 'in-tx' | 'none';
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
    if (req.routeOptions.config?.idempotency === 'none') return;
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
    const inTx = req.routeOptions.config?.idempotency === 'in-tx';
    if (ctx.db.kind === 'sqlite' || inTx) {
      // Written once, with the response (or in the handler's transaction). One process owns an SQLite
      // file, so requests in flight are tracked in memory there; on PostgreSQL an in-transaction
      // route meets a concurrent twin at the record's primary key instead (see respondIdempotent).
      const prev = await ctx.db.get<Prev>(SELECT_PREV, [principal, key]);
      if (prev) {
        if (prev.status === 0) {
          throw new DoorstepError('REQUEST_IN_PROGRESS', 'the first request with this key is still running');
        }
        return replay(prev, req.method, path, reply);
      }
      let flightKey: string | null = null;
      if (ctx.db.kind === 'sqlite') {
        flightKey = `${principal}\u0000${key}`;
        if (inFlight.has(flightKey))
          throw new DoorstepError('REQUEST_IN_PROGRESS', 'the first request with this key is still running');
        inFlight.add(flightKey);
      }
      req.idem = { principal, key, path, at: now, flightKey, mode: 'at-end', done: false };
      return;
    }
    const fresh = await ctx.db.run(
      `INSERT INTO idempotency (principal, key, method, path, status, created_at) VALUES (?, ?, ?, ?, 0, ?)
       ON CONFLICT (principal, key) DO NOTHING`,
      [principal, key, req.method, path, now],
    );
    if (fresh === 1) {
      req.idem = { principal, key, path, at: now, flightKey: null, mode: 'placeholder', done: false };
      return;
    }
    const prev = await ctx.db.get<Prev>(SELECT_PREV, [principal, key]);
    if (!prev || prev.status === 0) {
      throw new DoorstepError('REQUEST_IN_PROGRESS', 'the first request with this key is still running');
    }
    return replay(prev, req.method, path, reply);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idem;
    if (!idem) return payload;
    req.idem = null;
    const body = typeof payload === 'string' ? payload : null;
    try {
      if (idem.done) {
        // Recorded with its effect, or a replay: nothing to write.
      } else if (idem.mode === 'at-end') {
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
const JSON_TYPE = 'application/json; charset=utf-8';
const SELECT_PREV = 'SELECT method, path, status, body FROM idempotency WHERE principal = ? AND key = ?';

function replay(prev: Prev, method: string, path: string, reply: FastifyReply) {
  if (prev.method !== method || prev.path !== path) {
    throw new DoorstepError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another request');
  }
  return reply
    .status(prev.status)
    .header(HEADERS.idempotentReplay, 'true')
    .header('content-type', JSON_TYPE)
    .send(prev.body ?? '');
}

/** Thrown inside a transaction whose key was recorded meanwhile by a twin request that committed first. */
class KeyTaken extends Error {
  constructor() {
    super('idempotency key recorded by another request');
  }
}

/**
 * Writes the response of an idempotent request in the transaction q of its effect and returns the
 * exact body to send (what a replay will return). Called last in the transaction. A statement may
 * instead write the record itself from `row` (with no conflict clause: a taken key then fails it).
 */
export interface RecordInTx {
  (q: Queryable, status: number, body: unknown): Promise<string>;
  readonly row: { principal: string; key: string; method: string; path: string; at: number };
}

/**
 * Runs the handler of a route with config `idempotency: 'in-tx'`. `run` gets a recorder when the
 * request carries a key (null otherwise) and returns the status, the body and, when it recorded, the
 * text the recorder gave back. A twin request that committed the same key first turns this one into
 * a replay (its transaction rolled back, so it changed nothing).
 */
export async function respondIdempotent(
  ctx: Ctx,
  req: FastifyRequest,
  reply: FastifyReply,
  run: (record: RecordInTx | null) => Promise<{ status: number; body: unknown; recorded?: string }>,
): Promise<FastifyReply> {
  const idem = req.idem;
  let record: RecordInTx | null = null;
  if (idem && idem.mode === 'at-end') {
    const row = {
      principal: idem.principal,
      key: idem.key,
      method: req.method,
      path: idem.path,
      at: idem.at,
    };
    const write = async (q: Queryable, status: number, body: unknown) => {
      const text = JSON.stringify(body);
      const n = await q.run(
        `INSERT INTO idempotency (principal, key, method, path, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (principal, key) DO NOTHING`,
        [row.principal, row.key, row.method, row.path, status, text, row.at],
      );
      if (n !== 1) throw new KeyTaken();
      return text;
    };
    record = Object.assign(write, { row });
  }
  try {
    const r = await run(record);
    if (r.recorded === undefined) return reply.status(r.status).send(r.body);
    idem!.done = true;
    return reply.status(r.status).header('content-type', JSON_TYPE).send(r.recorded);
  } catch (err) {
    if (!(err instanceof KeyTaken) && !isKeyViolation(err)) throw err;
    idem!.done = true;
    const prev = await ctx.db.get<Prev>(SELECT_PREV, [idem!.principal, idem!.key]);
    if (!prev || prev.status === 0) {
      throw new DoorstepError('REQUEST_IN_PROGRESS', 'the first request with this key is still running');
    }
    return replay(prev, req.method, idem!.path, reply);
  }
}
