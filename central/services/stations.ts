import { kioskKey } from '../security/live-sockets';
import type {
  EnrollResponse,
  EnrollmentCodeResponse,
  PlacesResponse,
  StationMe,
} from '../../contract/api/stations';
import { DoorstepError } from '../../contract/errors';
import { newEnrollmentCode, newId, newToken, normaliseCode, sha256 } from '../security/secrets';
import { type Ctx, type Principal, assertCentre, requireStaff, requireStation, writeAudit } from './context';

// Places and kiosk enrollment: an admin makes a one-time code for a station (valid 24 h); the kiosk
// trades it for a station token, which central keeps only as a SHA-256 hash and can revoke.

const CODE_TTL_MS = 24 * 3600_000;

interface PlaceRow {
  id: string;
  name_zh: string;
  name_en: string;
  address_zh: string;
  address_en: string;
}
const centreOf = (r: PlaceRow & { district_id: string }) => ({
  id: r.id,
  districtId: r.district_id,
  name: { zh: r.name_zh, en: r.name_en },
  address: { zh: r.address_zh, en: r.address_en },
});
const stationOf = (r: PlaceRow & { centre_id: string }) => ({
  id: r.id,
  centreId: r.centre_id,
  name: { zh: r.name_zh, en: r.name_en },
  address: { zh: r.address_zh, en: r.address_en },
});

export async function places(ctx: Ctx): Promise<PlacesResponse> {
  const d = await ctx.db.get<{ id: string; name_zh: string; name_en: string }>(
    'SELECT * FROM districts LIMIT 1',
  );
  const centres = await ctx.db.all<PlaceRow & { district_id: string }>('SELECT * FROM centres ORDER BY id');
  const stations = await ctx.db.all<PlaceRow & { centre_id: string }>('SELECT * FROM stations ORDER BY id');
  return {
    district: { id: d?.id ?? '', name: { zh: d?.name_zh ?? '—', en: d?.name_en ?? '—' } },
    centres: centres.map(centreOf),
    stations: stations.map(stationOf),
  };
}

export async function createEnrollmentCode(
  ctx: Ctx,
  principal: Principal | null,
  stationId: string,
): Promise<EnrollmentCodeResponse> {
  const p = requireStaff(principal, ['admin']);
  const st = await ctx.db.get<{ centre_id: string }>('SELECT centre_id FROM stations WHERE id = ?', [
    stationId,
  ]);
  if (!st) throw new DoorstepError('NOT_FOUND', `no station ${stationId}`);
  assertCentre(p, st.centre_id);
  const code = newEnrollmentCode();
  const now = ctx.clock().getTime();
  await ctx.db.tx(async (q) => {
    await q.run(
      'INSERT INTO enrollment_codes (code_hash, station_id, created_by, expires_at) VALUES (?, ?, ?, ?)',
      [sha256(normaliseCode(code)), stationId, p.staff.id, now + CODE_TTL_MS],
    );
    await writeAudit(q, now, p, 'station.enrollment_code', { type: 'station', id: stationId }, st.centre_id);
  });
  return { code, stationId, expiresAt: new Date(now + CODE_TTL_MS).toISOString() };
}

export async function enroll(ctx: Ctx, code: string, kioskName?: string): Promise<EnrollResponse> {
  const now = ctx.clock().getTime();
  return ctx.db.tx(async (q) => {
    const hash = sha256(normaliseCode(code));
    const used = await q.run(
      'UPDATE enrollment_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?',
      [now, hash, now],
    );
    if (used !== 1)
      throw new DoorstepError('UNAUTHENTICATED', 'the enrollment code is wrong, used or expired');
    const row = await q.get<{ station_id: string; centre_id: string }>(
      'SELECT e.station_id, s.centre_id FROM enrollment_codes e JOIN stations s ON s.id = e.station_id WHERE e.code_hash = ?',
      [hash],
    );
    const token = newToken('dst');
    const kioskId = newId('k');
    await q.run('INSERT INTO kiosks (id, station_id, name, token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?)', [
      kioskId,
      row!.station_id,
      kioskName ?? null,
      sha256(token),
      now,
    ]);
    await writeAudit(
      q,
      now,
      null,
      'station.enroll',
      { type: 'station', id: row!.station_id },
      row!.centre_id,
      { kioskId },
    );
    return { token, kioskId, stationId: row!.station_id, centreId: row!.centre_id };
  });
}

// Station tokens are looked up on every kiosk request; a short in-memory cache spares the database.
// Revocation clears it at once in this instance (other instances behind a balancer within TOKEN_TTL_MS).
const TOKEN_TTL_MS = 30_000;
const tokenCache = new Map<string, { p: Principal; until: number }>();

export async function stationFromToken(ctx: Ctx, token: string): Promise<Principal | null> {
  const hash = sha256(token);
  const now = Date.now();
  const hit = tokenCache.get(hash);
  if (hit && hit.until > now) return hit.p;
  const row = await ctx.db.get<{ id: string; station_id: string; centre_id: string }>(
    `SELECT k.id, k.station_id, s.centre_id FROM kiosks k JOIN stations s ON s.id = k.station_id
     WHERE k.token_hash = ? AND k.revoked_at IS NULL`,
    [hash],
  );
  if (!row) {
    tokenCache.delete(hash);
    return null;
  }
  const p: Principal = {
    kind: 'station',
    kioskId: row.id,
    stationId: row.station_id,
    centreId: row.centre_id,
  };
  if (tokenCache.size > 10_000) tokenCache.clear();
  tokenCache.set(hash, { p, until: now + TOKEN_TTL_MS });
  return p;
}

/** Drops a kiosk's cached token (its station or centre changed): the next request reads it afresh. */
export function forgetKioskToken(kioskId: string): void {
  for (const [hash, entry] of tokenCache) {
    if (entry.p.kind === 'station' && entry.p.kioskId === kioskId) tokenCache.delete(hash);
  }
}

export async function revokeKiosk(ctx: Ctx, principal: Principal | null, kioskId: string): Promise<void> {
  const p = requireStaff(principal, ['admin']);
  const row = await ctx.db.get<{ centre_id: string }>(
    'SELECT s.centre_id FROM kiosks k JOIN stations s ON s.id = k.station_id WHERE k.id = ?',
    [kioskId],
  );
  if (!row) throw new DoorstepError('NOT_FOUND', `no kiosk ${kioskId}`);
  assertCentre(p, row.centre_id);
  for (const [hash, entry] of tokenCache) {
    if (entry.p.kind === 'station' && entry.p.kioskId === kioskId) tokenCache.delete(hash);
  }
  await ctx.db.tx(async (q) => {
    await q.run('UPDATE kiosks SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [
      ctx.clock().getTime(),
      kioskId,
    ]);
    await writeAudit(
      q,
      ctx.clock().getTime(),
      p,
      'station.revoke',
      { type: 'station', id: kioskId },
      row.centre_id,
    );
  });
  ctx.hub.endCredential(kioskKey(kioskId), 'kiosk revoked');
}

export async function stationMe(ctx: Ctx, principal: Principal | null): Promise<StationMe> {
  const p = requireStation(principal);
  const all = await places(ctx);
  return {
    kioskId: p.kioskId,
    station: all.stations.find((s) => s.id === p.stationId)!,
    centre: all.centres.find((c) => c.id === p.centreId)!,
  };
}
