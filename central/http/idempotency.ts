import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HEADERS } from '../../contract/api/auth';
import { DoorstepError } from '../../contract/errors';
import { type Db, isKeyViolation, type Queryable } from '../db/db';
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
// Every other mutating route records its key in the transaction of its effect too, without code of
// its own: the handler runs inside a request scope (AsyncLocalStorage) and the first transaction it
// opens on ctx.db (wrapped by `keyedDb`) writes the record before it commits — status the route's
// success status, body the transaction's result. The response, when sent, replaces that record. So a
// process that dies between its commit and its answer leaves the key answered, never an effect
// without its key (which a retry would apply twice).
//
// A PostgreSQL placeholder names its owner "<instance>/<request>". A retry that meets one takes it
// over when that instance has no connection to the database left (it died) or the placeholder is
// older than STALE_MS, a bound no live request reaches; the first request, should it still run, is
// fenced out: its record write names the owner it held and fails, its transaction rolls back.
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
      method: string;
      /** This request's placeholder owner, "<instance>/<request>" (PostgreSQL). */
      owner: string;
      /** Set when a transaction of the handler committed the record with its effect (see keyedDb). */
      claimed: boolean;
      /** The status recorded with the effect: the route's lowest 2xx response. */
      okStatus: number;
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
/**
 * Age past which a placeholder is taken over even though its instance looks alive: no live request
 * runs that long (a pooled connection is waited for 5 s at most, and a kiosk gives up far earlier).
 */
export const STALE_MS = 60_000;

type Idem = NonNullable<FastifyRequest['idem']>;
/** The keyed request whose handler is running, for keyedDb. */
const scope = new AsyncLocalStorage<Idem>();

const instanceOf = (owner: string | null) => owner?.split('/')[0] ?? null;

/** The route's success status: its lowest declared 2xx response, else 200. */
function okStatusOf(req: FastifyRequest): number {
  const response = (req.routeOptions.schema as { response?: Record<string, unknown> } | undefined)?.response;
  const ok = Object.keys(response ?? {})
    .map(Number)
    .filter((n) => n >= 200 && n < 300)
    .sort((a, b) => a - b);
  return ok[0] ?? 200;
}

/**
 * ctx.db for the services: its first transaction inside a keyed request's handler also writes the
 * request's key (see the header). Everything else passes through unchanged.
 */
export function keyedDb(db: Db): Db {
  return {
    ...db,
    tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      const idem = scope.getStore();
      if (!idem || idem.claimed || idem.done) return db.tx(fn);
      return db.tx(async (q) => {
        const result = await fn(q);
        // Checked again: a sibling transaction of the same request may have claimed meanwhile.
        if (idem.claimed || idem.done) return result;
        await claim(q, idem, JSON.stringify(result) ?? null);
        idem.claimed = true;
        return result;
      });
    },
  };
}

/** Writes the key with the effect in q; a key taken meanwhile (replayed or taken over) rolls it back. */
async function claim(q: Queryable, idem: Idem, body: string | null): Promise<void> {
  const n =
    idem.mode === 'placeholder'
      ? await q.run(
          'UPDATE idempotency SET status = ?, body = ? WHERE principal = ? AND key = ? AND status = 0 AND owner = ?',
          [idem.okStatus, body, idem.principal, idem.key, idem.owner],
        )
      : await q.run(
          `INSERT INTO idempotency (principal, key, method, path, status, body, created_at, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (principal, key) DO NOTHING`,
          [idem.principal, idem.key, idem.method, idem.path, idem.okStatus, body, idem.at, idem.owner],
        );
  if (n !== 1) {
    throw new DoorstepError(
      'REQUEST_IN_PROGRESS',
      'another request with this key was answered meanwhile; retry it',
    );
  }
}
const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

function principalKey(req: FastifyRequest): string | null {
  const p = req.principal;
  if (!p) return null;
  return p.kind === 'station' ? `kiosk:${p.kioskId}` : `staff:${p.staff.id}`;
}

/** This instance's bookkeeping of the keys its requests hold. */
interface Holders {
  /** SQLite: keys of requests in flight (one process owns the file). */
  inFlight: Set<string>;
  /**
   * Owners of this instance's placeholders whose request is still running: a placeholder of this
   * instance with another owner belongs to a request that is over (its cleanup failed).
   */
  running: Set<string>;
  /**
   * Placeholders whose cleanup failed (the database went away as the request ended), removed again
   * once it is back, so that the key is free before any age bound.
   */
  orphans: Map<string, { principal: string; key: string }>;
}

export function useIdempotency(app: FastifyInstance, ctx: Ctx): void {
  const h: Holders = { inFlight: new Set(), running: new Set(), orphans: new Map() };
  const orphanTimer = setInterval(() => {
    if (h.orphans.size > 0) void sweepOrphans(ctx, h).catch(() => undefined);
  }, 1000);
  orphanTimer.unref();
  app.addHook('onClose', async () => clearInterval(orphanTimer));
  app.decorateRequest('idem', null);
  app.addHook('preValidation', async (req, reply) => {
    if (!MUTATING.has(req.method) || !req.url.startsWith('/api/v1/')) return;
    if (req.routeOptions.config?.idempotency === 'none') return;
    const principal = principalKey(req);
    if (!principal) return;
    const key = idempotencyKeyOf(req);
    if (!key) return;
    const path = req.url.split('?')[0]!;
    const idem: Idem = {
      principal,
      key,
      path,
      at: ctx.clock().getTime(),
      flightKey: null,
      mode: 'at-end',
      done: false,
      method: req.method,
      owner: `${ctx.db.instance}/${randomUUID()}`,
      claimed: false,
      okStatus: okStatusOf(req),
    };
    if (ctx.db.kind === 'sqlite' || req.routeOptions.config?.idempotency === 'in-tx') {
      // Written once, with the effect or the response. One process owns an SQLite file, so requests
      // in flight are tracked in memory there; on PostgreSQL an in-transaction route meets a
      // concurrent twin at the record's primary key instead (see respondIdempotent).
      const prev = await clearStalePlaceholder(ctx, h, idem);
      if (prev) return replay(prev, req.method, path, reply);
      if (ctx.db.kind === 'sqlite') {
        const flightKey = `${principal}\u0000${key}`;
        if (h.inFlight.has(flightKey)) throw inProgress();
        h.inFlight.add(flightKey);
        idem.flightKey = flightKey;
      }
      req.idem = idem;
      return;
    }
    const prev = await takePlaceholder(ctx, h, idem, req.log);
    if (prev) return replay(prev, req.method, path, reply);
    h.running.add(idem.owner);
    req.idem = { ...idem, mode: 'placeholder' };
  });
  // The handler runs in the request's scope: its first transaction records the key (keyedDb).
  app.addHook('preHandler', (req, _reply, done) => {
    const idem = req.idem;
    if (idem && !idem.done && req.routeOptions.config?.idempotency !== 'in-tx') scope.run(idem, done);
    else done();
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idem;
    if (!idem) return payload;
    req.idem = null;
    try {
      await recordAnswer(ctx, idem, reply.statusCode, typeof payload === 'string' ? payload : null);
    } catch {
      // The database went away after the answer was made: the answer still leaves. A placeholder
      // left behind is removed once the database is back (and a retry meanwhile takes it over).
      if (idem.mode === 'placeholder' && !idem.claimed) h.orphans.set(idem.owner, idem);
    } finally {
      // The answer is made: work the handler left behind in its async context (a time limit it
      // armed, a hook still running) is no longer part of this request, and must not claim its key.
      idem.done = true;
      if (idem.flightKey) h.inFlight.delete(idem.flightKey);
      h.running.delete(idem.owner);
    }
    return payload;
  });
  // A request that never reaches onSend (client gone) must not keep its key in flight.
  app.addHook('onResponse', async (req) => {
    if (req.idem) req.idem.done = true;
    if (req.idem?.flightKey) h.inFlight.delete(req.idem.flightKey);
    if (req.idem) h.running.delete(req.idem.owner);
  });
}

const inProgress = () =>
  new DoorstepError('REQUEST_IN_PROGRESS', 'the first request with this key is still running');

/** The request's Idempotency-Key, checked; kiosks must send one, staff may. */
function idempotencyKeyOf(req: FastifyRequest): string | null {
  const raw = req.headers[HEADERS.idempotencyKey];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key) {
    if (req.principal?.kind === 'station') {
      throw new DoorstepError('VALIDATION_FAILED', 'kiosk requests need an Idempotency-Key header', [
        { path: 'Idempotency-Key', message: 'required' },
      ]);
    }
    return null;
  }
  if (!KEY.test(key)) {
    throw new DoorstepError('VALIDATION_FAILED', 'bad Idempotency-Key', [
      { path: 'Idempotency-Key', message: '8-128 letters, digits or _.:-' },
    ]);
  }
  return key;
}

async function sweepOrphans(ctx: Ctx, h: Holders): Promise<void> {
  for (const [owner, o] of h.orphans) {
    await ctx.db.run('DELETE FROM idempotency WHERE principal = ? AND key = ? AND status = 0 AND owner = ?', [
      o.principal,
      o.key,
      owner,
    ]);
    h.orphans.delete(owner);
  }
}

/** A placeholder nobody can hold any more: too old, or its owner's request or instance is gone. */
async function stale(ctx: Ctx, h: Holders, prev: Prev, now: number): Promise<boolean> {
  if (now - Number(prev.created_at) > STALE_MS) return true;
  const instance = instanceOf(prev.owner);
  if (!instance) return false;
  if (instance === ctx.db.instance) return !h.running.has(prev.owner!);
  // One process owns an SQLite file: a placeholder of another instance is from one that ended.
  if (!ctx.db.liveInstances) return ctx.db.kind === 'sqlite';
  return !(await ctx.db.liveInstances([instance])).has(instance);
}

/**
 * For keys written once (SQLite, in-transaction routes): the answer recorded for this key, to replay,
 * or null once the way is free (a placeholder left by a request that is over is removed).
 */
async function clearStalePlaceholder(ctx: Ctx, h: Holders, idem: Idem): Promise<Prev | null> {
  const prev = await ctx.db.get<Prev>(SELECT_PREV, [idem.principal, idem.key]);
  if (!prev) return null;
  if (prev.status !== 0) return prev;
  // A placeholder (another route's, or left by a dead instance): gone if nobody can hold it.
  if (!(await stale(ctx, h, prev, idem.at))) throw inProgress();
  await ctx.db.run(
    "DELETE FROM idempotency WHERE principal = ? AND key = ? AND status = 0 AND COALESCE(owner, '') = ? AND created_at = ?",
    [idem.principal, idem.key, prev.owner ?? '', prev.created_at],
  );
  return null;
}

/**
 * PostgreSQL: writes this request's placeholder for the key, or takes over one whose request can no
 * longer run. Returns the answer recorded for the key, to replay, or null when the key is this one's.
 */
async function takePlaceholder(
  ctx: Ctx,
  h: Holders,
  idem: Idem,
  log: FastifyBaseLogger,
): Promise<Prev | null> {
  const { principal, key, path, at: now } = idem;
  const fresh = await ctx.db.run(
    `INSERT INTO idempotency (principal, key, method, path, status, created_at, owner) VALUES (?, ?, ?, ?, 0, ?, ?)
     ON CONFLICT (principal, key) DO NOTHING`,
    [principal, key, idem.method, path, now, idem.owner],
  );
  if (fresh === 1) return null;
  const prev = await ctx.db.get<Prev>(SELECT_PREV, [principal, key]);
  if (!prev) throw inProgress();
  if (prev.status !== 0) return prev;
  if (prev.method !== idem.method || prev.path !== path) {
    throw new DoorstepError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for another request');
  }
  // Take the placeholder over from a request that can no longer be running (compare-and-set on
  // the owner and age read above: of two retries racing for it, one wins).
  if (!(await stale(ctx, h, prev, now))) throw inProgress();
  const taken = await ctx.db.run(
    `UPDATE idempotency SET owner = ?, created_at = ?
     WHERE principal = ? AND key = ? AND status = 0 AND COALESCE(owner, '') = ? AND created_at = ?`,
    [idem.owner, now, principal, key, prev.owner ?? '', prev.created_at],
  );
  if (taken !== 1) throw inProgress();
  log.warn({ key }, 'idempotency placeholder of a request that can no longer run taken over');
  return null;
}

/** Records the answer as sent for the key, as the request's mode asks; a 5xx frees a placeholder. */
async function recordAnswer(ctx: Ctx, idem: Idem, status: number, body: string | null): Promise<void> {
  if (idem.done) {
    // Recorded with its effect by respondIdempotent, or a replay: nothing to write.
  } else if (idem.claimed) {
    // Recorded with its effect; the answer as sent replaces the transaction's result. A 5xx
    // after the commit keeps the record: the effect is there, a retry must not apply it again.
    if (status < 500) {
      await ctx.db.run(
        'UPDATE idempotency SET status = ?, body = ? WHERE principal = ? AND key = ? AND owner = ?',
        [status, body, idem.principal, idem.key, idem.owner],
      );
    }
  } else if (idem.mode === 'at-end') {
    if (status < 500) {
      await ctx.db.run(
        `INSERT INTO idempotency (principal, key, method, path, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (principal, key) DO NOTHING`,
        [idem.principal, idem.key, idem.method, idem.path, status, body, idem.at],
      );
    }
  } else if (status >= 500) {
    await ctx.db.run('DELETE FROM idempotency WHERE principal = ? AND key = ? AND status = 0 AND owner = ?', [
      idem.principal,
      idem.key,
      idem.owner,
    ]);
  } else {
    await ctx.db.run(
      'UPDATE idempotency SET status = ?, body = ? WHERE principal = ? AND key = ? AND status = 0 AND owner = ?',
      [status, body, idem.principal, idem.key, idem.owner],
    );
  }
}

interface Prev {
  method: string;
  path: string;
  status: number;
  body: string | null;
  owner: string | null;
  created_at: number;
}
const JSON_TYPE = 'application/json; charset=utf-8';
const SELECT_PREV =
  'SELECT method, path, status, body, owner, created_at FROM idempotency WHERE principal = ? AND key = ?';

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
