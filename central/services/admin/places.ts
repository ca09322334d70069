import type {
  AdminCentre,
  AdminKiosk,
  AdminStation,
  CentreCreate,
  CentreUpdate,
  KioskUpdate,
  OpeningHours,
  StationCreate,
  StationListQuery,
  StationUpdate,
} from '../../../contract/api/admin-places';
import { DoorstepError } from '../../../contract/errors';
import { type Queryable, jsonOf, toBool } from '../../db/db';
import { iso } from '../../domain/time';
import { httpsOnlyProblem } from '../../security/https-only';
import { newId } from '../../security/secrets';
import { type Ctx, type Principal, writeAudit } from '../context';
import { kioskKey } from '../../security/live-sockets';
import { forgetKioskToken } from '../stations';
import { ensureSlots } from './slots';
import { loadCentreUrls } from './centre-urls';
import {
  type Admin,
  auditChange,
  configChanged,
  inScope,
  invalid,
  requireAdmin,
  requireDistrict,
  updateVersioned,
} from './common';

// Centres, stations and kiosks for administrators (scoped: see common.ts).

export interface CentreRow {
  id: string;
  district_id: string;
  name_zh: string;
  name_en: string;
  address_zh: string;
  address_en: string;
  opening_hours: string;
  public_base_url: string | null;
  active: number;
  version: number;
}
export const adminCentreOf = (r: CentreRow): AdminCentre => ({
  id: r.id,
  districtId: r.district_id,
  name: { zh: r.name_zh, en: r.name_en },
  address: { zh: r.address_zh, en: r.address_en },
  openingHours: jsonOf<OpeningHours>(r.opening_hours, {}),
  publicBaseUrl: r.public_base_url,
  active: toBool(r.active),
  version: Number(r.version),
});

export interface StationRow {
  id: string;
  centre_id: string;
  name_zh: string;
  name_en: string;
  address_zh: string;
  address_en: string;
  open_24h: number;
  item_ids: string | null;
  active: number;
  version: number;
}
export const adminStationOf = (r: StationRow): AdminStation => ({
  id: r.id,
  centreId: r.centre_id,
  name: { zh: r.name_zh, en: r.name_en },
  address: { zh: r.address_zh, en: r.address_en },
  open24h: toBool(r.open_24h),
  itemIds: r.item_ids === null ? null : jsonOf<string[]>(r.item_ids, []),
  active: toBool(r.active),
  version: Number(r.version),
});

/** A centre's columns, for the centre routes and the configuration import alike. */
export const centreCols = (c: Omit<CentreCreate, 'id'>) => ({
  name_zh: c.name.zh,
  name_en: c.name.en,
  address_zh: c.address.zh,
  address_en: c.address.en,
  opening_hours: JSON.stringify(c.openingHours),
  public_base_url: c.publicBaseUrl ?? null,
  active: c.active ? 1 : 0,
});

/** A station's columns, for the station routes and the configuration import alike. */
export const stationCols = (s: Omit<StationCreate, 'id'>) => ({
  centre_id: s.centreId,
  name_zh: s.name.zh,
  name_en: s.name.en,
  address_zh: s.address.zh,
  address_en: s.address.en,
  open_24h: s.open24h ? 1 : 0,
  item_ids: s.itemIds === null ? null : JSON.stringify(s.itemIds),
  active: s.active ? 1 : 0,
});

async function insert(q: Queryable, table: string, row: Record<string, string | number | null>) {
  const cols = Object.keys(row);
  await q.run(
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    cols.map((c) => row[c]!),
  );
}

export async function listCentres(ctx: Ctx, principal: Principal | null): Promise<AdminCentre[]> {
  const a = await requireAdmin(ctx, principal);
  const rows = await ctx.db.all<CentreRow>('SELECT * FROM centres ORDER BY id');
  return rows.filter((r) => a.centres.has(r.id)).map(adminCentreOf);
}

export async function getCentre(ctx: Ctx, principal: Principal | null, id: string): Promise<AdminCentre> {
  const a = await requireAdmin(ctx, principal);
  return adminCentreOf(await centreRow(ctx.db, a, id));
}

async function centreRow(q: Queryable, a: Admin, id: string): Promise<CentreRow> {
  const row = await q.get<CentreRow>('SELECT * FROM centres WHERE id = ?', [id]);
  if (!row || !a.centres.has(id)) throw new DoorstepError('NOT_FOUND', `no centre ${id}`);
  return row;
}

function refuseHttpBaseUrl(ctx: Ctx, url: string | null | undefined): void {
  const problem = httpsOnlyProblem(ctx, 'publicBaseUrl', url);
  if (problem) throw invalid(problem.path, problem.message);
}

async function checkUnique(q: Queryable, table: string, id: string, what: string) {
  if (await q.get(`SELECT id FROM ${table} WHERE id = ?`, [id]))
    throw invalid('id', `the ${what} id ${id} is taken`);
}

export async function createCentre(
  ctx: Ctx,
  principal: Principal | null,
  body: CentreCreate,
): Promise<AdminCentre> {
  const a = await requireAdmin(ctx, principal);
  requireDistrict(a);
  refuseHttpBaseUrl(ctx, body.publicBaseUrl);
  const now = ctx.clock().getTime();
  const id = body.id ?? newId('c');
  const row = await ctx.db.tx(async (q) => {
    await checkUnique(q, 'centres', id, 'centre');
    let district = await q.get<{ id: string }>('SELECT id FROM districts ORDER BY id LIMIT 1');
    if (!district) {
      // A fresh install (first admin from the CLI, no seed): the district gets its name later.
      district = { id: 'district' };
      await q.run("INSERT INTO districts (id, name_zh, name_en) VALUES ('district', '本区', 'District')");
    }
    await insert(q, 'centres', { id, district_id: district.id, ...centreCols(body) });
    await grantToDistrictAdmins(q, id);
    const saved = adminCentreOf((await q.get<CentreRow>('SELECT * FROM centres WHERE id = ?', [id]))!);
    await auditChange(q, now, a, 'centre.create', { type: 'centre', id }, id, null, saved);
    await configChanged(q, now, [id], 'centre', id);
    return saved;
  });
  await ensureSlots(ctx.db, now);
  await loadCentreUrls(ctx);
  ctx.hub.notify([id]);
  return row;
}

/** District admins hold every centre, also new ones: the centre joins their account's list. */
export async function grantToDistrictAdmins(q: Queryable, centreId: string): Promise<void> {
  const admins = await q.all<{ id: string; centre_ids: string }>(
    'SELECT id, centre_ids FROM staff WHERE district_admin = 1',
  );
  for (const s of admins) {
    const ids = jsonOf<string[]>(s.centre_ids, []);
    if (!ids.includes(centreId)) {
      await q.run('UPDATE staff SET centre_ids = ? WHERE id = ?', [JSON.stringify([...ids, centreId]), s.id]);
    }
  }
}

export async function updateCentre(
  ctx: Ctx,
  principal: Principal | null,
  id: string,
  body: CentreUpdate,
): Promise<AdminCentre> {
  const a = await requireAdmin(ctx, principal);
  refuseHttpBaseUrl(ctx, body.publicBaseUrl);
  const now = ctx.clock().getTime();
  const saved = await ctx.db.tx(async (q) => {
    const before = adminCentreOf(await centreRow(q, a, id));
    await updateVersioned(q, 'centres', id, body.version, centreCols(body));
    const after = adminCentreOf((await q.get<CentreRow>('SELECT * FROM centres WHERE id = ?', [id]))!);
    await auditChange(q, now, a, 'centre.update', { type: 'centre', id }, id, before, after);
    await configChanged(q, now, [id], 'centre', id);
    return after;
  });
  await ensureSlots(ctx.db, now);
  await loadCentreUrls(ctx);
  ctx.hub.notify([id]);
  return saved;
}

export async function listStations(
  ctx: Ctx,
  principal: Principal | null,
  query: StationListQuery,
): Promise<AdminStation[]> {
  const a = await requireAdmin(ctx, principal);
  if (query.centreId) inScope(a, query.centreId, 'centre', query.centreId);
  const rows = await ctx.db.all<StationRow>(
    `SELECT * FROM stations ${query.centreId ? 'WHERE centre_id = ?' : ''} ORDER BY centre_id, id`,
    query.centreId ? [query.centreId] : [],
  );
  const needle = query.q?.toLowerCase();
  return rows
    .filter((r) => a.centres.has(r.centre_id))
    .filter(
      (r) =>
        !needle ||
        r.id.includes(needle) ||
        r.name_zh.includes(needle) ||
        r.name_en.toLowerCase().includes(needle),
    )
    .map(adminStationOf);
}

async function stationRow(q: Queryable, a: Admin, id: string): Promise<StationRow> {
  const row = await q.get<StationRow>('SELECT * FROM stations WHERE id = ?', [id]);
  if (!row || !a.centres.has(row.centre_id)) throw new DoorstepError('NOT_FOUND', `no station ${id}`);
  return row;
}

export async function getStation(ctx: Ctx, principal: Principal | null, id: string): Promise<AdminStation> {
  const a = await requireAdmin(ctx, principal);
  return adminStationOf(await stationRow(ctx.db, a, id));
}

function checkItems(ctx: Ctx, itemIds: string[] | null) {
  itemIds?.forEach((itemId, i) => {
    if (!ctx.catalog.find(itemId)) throw invalid(`itemIds.${i}`, `no service item ${itemId}`);
  });
}

export async function createStation(
  ctx: Ctx,
  principal: Principal | null,
  body: StationCreate,
): Promise<AdminStation> {
  const a = await requireAdmin(ctx, principal);
  if (!a.centres.has(body.centreId)) throw invalid('centreId', `no centre ${body.centreId}`);
  checkItems(ctx, body.itemIds);
  const now = ctx.clock().getTime();
  const id = body.id ?? newId('s');
  const saved = await ctx.db.tx(async (q) => {
    await checkUnique(q, 'stations', id, 'station');
    await insert(q, 'stations', { id, ...stationCols(body) });
    const after = adminStationOf((await q.get<StationRow>('SELECT * FROM stations WHERE id = ?', [id]))!);
    await auditChange(q, now, a, 'station.create', { type: 'station', id }, body.centreId, null, after);
    await configChanged(q, now, [body.centreId], 'station', id);
    return after;
  });
  ctx.hub.notify([body.centreId]);
  return saved;
}

export async function updateStation(
  ctx: Ctx,
  principal: Principal | null,
  id: string,
  body: StationUpdate,
): Promise<AdminStation> {
  const a = await requireAdmin(ctx, principal);
  checkItems(ctx, body.itemIds);
  const now = ctx.clock().getTime();
  let revoked: string[] = [];
  const saved = await ctx.db.tx(async (q) => {
    const before = adminStationOf(await stationRow(q, a, id));
    if (!a.centres.has(body.centreId)) throw invalid('centreId', `no centre ${body.centreId}`);
    await updateVersioned(q, 'stations', id, body.version, stationCols(body));
    const after = adminStationOf((await q.get<StationRow>('SELECT * FROM stations WHERE id = ?', [id]))!);
    await auditChange(q, now, a, 'station.update', { type: 'station', id }, after.centreId, before, after);
    if (before.active && !after.active) revoked = await revokeStationKiosks(q, now, a.p, id, after.centreId);
    await configChanged(q, now, [before.centreId, after.centreId], 'station', id);
    return after;
  });
  ctx.hub.notify([saved.centreId]);
  for (const kioskId of revoked) {
    forgetKioskToken(kioskId);
    ctx.hub.endCredential(kioskKey(kioskId), 'station deactivated');
  }
  return saved;
}

/**
 * A station taken out of service takes its kiosks with it: each is revoked (audited as
 * station.revoke with the reason), so a kiosk left on site can no longer issue tickets or read
 * events. Put back in service, the station needs a new enrollment code.
 */
export async function revokeStationKiosks(
  q: Queryable,
  now: number,
  p: Principal | null,
  stationId: string,
  centreId: string,
): Promise<string[]> {
  const kiosks = await q.all<{ id: string }>(
    'SELECT id FROM kiosks WHERE station_id = ? AND revoked_at IS NULL',
    [stationId],
  );
  for (const k of kiosks) {
    await q.run('UPDATE kiosks SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, k.id]);
    await writeAudit(q, now, p, 'station.revoke', { type: 'station', id: k.id }, centreId, {
      reason: 'station deactivated',
      stationId,
    });
  }
  return kiosks.map((k) => k.id);
}

interface KioskRow {
  id: string;
  station_id: string;
  centre_id: string;
  name: string | null;
  enrolled_at: number;
  revoked_at: number | null;
  version: number;
  status: string | null;
  received_at: number | null;
}
const adminKioskOf = (r: KioskRow): AdminKiosk => ({
  id: r.id,
  stationId: r.station_id,
  centreId: r.centre_id,
  name: r.name,
  enrolledAt: iso(Number(r.enrolled_at))!,
  revokedAt: r.revoked_at === null ? null : iso(Number(r.revoked_at)),
  health: r.status,
  lastSeenAt: r.received_at === null ? null : iso(Number(r.received_at)),
  version: Number(r.version),
});
const KIOSK_SQL = `SELECT k.id, k.station_id, s.centre_id, k.name, k.enrolled_at, k.revoked_at, k.version,
  h.status, h.received_at FROM kiosks k JOIN stations s ON s.id = k.station_id
  LEFT JOIN kiosk_heartbeats h ON h.kiosk_id = k.id`;

export async function listKiosks(
  ctx: Ctx,
  principal: Principal | null,
  query: { stationId?: string; centreId?: string },
): Promise<AdminKiosk[]> {
  const a = await requireAdmin(ctx, principal);
  const rows = await ctx.db.all<KioskRow>(`${KIOSK_SQL} ORDER BY s.centre_id, k.station_id, k.id`);
  return rows
    .filter((r) => a.centres.has(r.centre_id))
    .filter((r) => !query.stationId || r.station_id === query.stationId)
    .filter((r) => !query.centreId || r.centre_id === query.centreId)
    .map(adminKioskOf);
}

export async function updateKiosk(
  ctx: Ctx,
  principal: Principal | null,
  id: string,
  body: KioskUpdate,
): Promise<AdminKiosk> {
  const a = await requireAdmin(ctx, principal);
  const now = ctx.clock().getTime();
  const saved = await ctx.db.tx(async (q) => {
    const row = await q.get<KioskRow>(`${KIOSK_SQL} WHERE k.id = ?`, [id]);
    if (!row || !a.centres.has(row.centre_id)) throw new DoorstepError('NOT_FOUND', `no kiosk ${id}`);
    const target = await q.get<{ centre_id: string }>('SELECT centre_id FROM stations WHERE id = ?', [
      body.stationId,
    ]);
    if (!target || !a.centres.has(target.centre_id))
      throw invalid('stationId', `no station ${body.stationId}`);
    await updateVersioned(q, 'kiosks', id, body.version, { name: body.name, station_id: body.stationId });
    const after = adminKioskOf((await q.get<KioskRow>(`${KIOSK_SQL} WHERE k.id = ?`, [id]))!);
    const before = adminKioskOf(row);
    await auditChange(q, now, a, 'kiosk.update', { type: 'kiosk', id }, after.centreId, before, after);
    await configChanged(q, now, [row.centre_id, after.centreId], 'kiosk', id);
    return after;
  });
  forgetKioskToken(id);
  ctx.hub.notify([saved.centreId]);
  return saved;
}
