import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HEADERS } from '../../contract/api/auth';
import { DoorstepError } from '../../contract/errors';
import type { Ctx } from '../services/context';

// Idempotency-Key: every mutating request from a kiosk carries one (its outbox replays them). The
// first request with a key records a placeholder, then its status and body; a replay returns that
// response unchanged (Idempotent-Replay: true) and changes nothing. A replay while the first is still
// running gets 409. Server errors are not recorded, so the kiosk's retry runs again.

declare module 'fastify' {
  interface FastifyRequest {
    idem: { principal: string; key: string } | null;
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
    const fresh = await ctx.db.run(
      `INSERT INTO idempotency (principal, key, method, path, status, created_at) VALUES (?, ?, ?, ?, 0, ?)
       ON CONFLICT (principal, key) DO NOTHING`,
      [principal, key, req.method, path, ctx.clock().getTime()],
    );
    if (fresh === 1) {
      req.idem = { principal, key };
      return;
    }
    const prev = await ctx.db.get<{ method: string; path: string; status: number; body: string | null }>(
      'SELECT method, path, status, body FROM idempotency WHERE principal = ? AND key = ?',
      [principal, key],
    );
    if (!prev || prev.status === 0)
      throw new DoorstepError('CONFLICT', 'the first request with this key is still running');
    if (prev.method !== req.method || prev.path !== path) {
      throw new DoorstepError('CONFLICT', 'this Idempotency-Key was used for another request');
    }
    return reply
      .status(prev.status)
      .header(HEADERS.idempotentReplay, 'true')
      .header('content-type', 'application/json; charset=utf-8')
      .send(prev.body ?? '');
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const idem = req.idem;
    if (!idem) return payload;
    req.idem = null;
    if (reply.statusCode >= 500) {
      await ctx.db.run('DELETE FROM idempotency WHERE principal = ? AND key = ?', [idem.principal, idem.key]);
    } else {
      await ctx.db.run('UPDATE idempotency SET status = ?, body = ? WHERE principal = ? AND key = ?', [
        reply.statusCode,
        typeof payload === 'string' ? payload : null,
        idem.principal,
        idem.key,
      ]);
    }
    return payload;
  });
}
