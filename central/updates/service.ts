import { DoorstepError } from '../../contract/errors';
import type {
  KioskUpdateReport,
  RegisterReleaseRequest,
  Release,
  Rollout,
  RolloutRequest,
  RolloutRing,
  RolloutStatus,
  UpdateFeedResponse,
} from '../../contract/updates';
import { signatureValid } from '../../contract/update-rules';
import { isUniqueViolation, jsonOf, type Queryable } from '../db/db';
import { ZONE } from '../domain/time';
import { type Ctx, type Principal, actorOf, writeAudit } from '../services/context';
import { ringOf } from './rings';

// Releases, the rollout and the kiosk feed over tables update_* (migration 017). Central decides who
// is offered a release; the kiosk's updater decides when to install it (window, no resident session)
// and verifies everything again against the key pinned in its package — central is not trusted with
// the signature, it only refuses a release the district key did not sign, early.

interface ReleaseRow {
  version: string;
  url: string;
  sha512: string;
  signature: string;
  notes: string | null;
  registered_at: number | string;
  registered_by: string;
}

interface RolloutRow {
  version: string;
  pilot_station_ids: string;
  percent_bp: number | string;
  window_start: string;
  window_end: string;
  health_timeout_sec: number | string;
  paused: number | string | boolean;
  updated_at: number | string;
  updated_by: string;
}

const releaseOf = (r: ReleaseRow): Release => ({
  version: r.version,
  url: r.url,
  sha512: r.sha512,
  signature: r.signature,
  notes: r.notes,
  registeredAt: new Date(Number(r.registered_at)).toISOString(),
  registeredBy: r.registered_by,
});

const rolloutOf = (r: RolloutRow): Rollout => ({
  version: r.version,
  pilotStationIds: jsonOf<string[]>(r.pilot_station_ids, []),
  percent: Number(r.percent_bp) / 100,
  window: { start: r.window_start, end: r.window_end },
  healthTimeoutSec: Number(r.health_timeout_sec),
  paused: Number(r.paused) === 1 || r.paused === true,
  updatedAt: new Date(Number(r.updated_at)).toISOString(),
  updatedBy: r.updated_by,
});

export interface UpdateOptions {
  /** The district's Ed25519 public key; without it no release can be registered. */
  districtKey: CryptoKey | null;
  /** Where uploaded packages are kept (<data>/releases); no uploads without it. */
  releasesDir?: string;
  /** The largest package accepted by upload, in bytes (default 512 MiB). */
  maxPackageBytes?: number;
}

/** The version a kiosk last reported in its heartbeat, if any. */
export async function runningVersionOf(ctx: Ctx, kioskId: string): Promise<string | undefined> {
  const row = await ctx.db.get<{ app_version: string }>(
    'SELECT app_version FROM kiosk_update_reports WHERE kiosk_id = ?',
    [kioskId],
  );
  return row?.app_version;
}

export async function releaseExists(ctx: Ctx, version: string): Promise<boolean> {
  return !!(await ctx.db.get('SELECT version FROM update_releases WHERE version = ?', [version]));
}

export async function registerRelease(
  ctx: Ctx,
  p: Principal,
  opts: UpdateOptions,
  req: RegisterReleaseRequest,
): Promise<Release> {
  if (!opts.districtKey) {
    throw new DoorstepError(
      'UNAVAILABLE',
      'no district update key is configured (DOORSTEP_UPDATE_PUBLIC_KEY)',
    );
  }
  if (!(await signatureValid(opts.districtKey, req.version, req.sha512, req.signature))) {
    throw new DoorstepError(
      'VALIDATION_FAILED',
      'the signature is not the district key’s signature of this release',
      [{ path: 'signature', message: 'does not verify against the district key' }],
    );
  }
  return insertRelease(ctx, p, req);
}

/** Adds a verified release (registered by URL or uploaded); 409 when the version exists. */
export async function insertRelease(
  ctx: Ctx,
  p: Principal,
  req: Omit<RegisterReleaseRequest, 'url'> & { url: string },
): Promise<Release> {
  const now = ctx.clock().getTime();
  const by = actorOf(p).id;
  try {
    await ctx.db.tx(async (q) => {
      await q.run(
        `INSERT INTO update_releases (version, url, sha512, signature, notes, registered_at, registered_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [req.version, req.url, req.sha512, req.signature, req.notes ?? null, now, by],
      );
      await writeAudit(
        q,
        now,
        p,
        'release.register',
        { type: 'settings', id: `release:${req.version}` },
        null,
        {
          url: req.url,
          sha512: req.sha512,
        },
      );
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DoorstepError('CONFLICT', `release ${req.version} is already registered`);
    throw err;
  }
  return releaseOf(
    (await ctx.db.get<ReleaseRow>('SELECT * FROM update_releases WHERE version = ?', [req.version]))!,
  );
}

export async function listReleases(ctx: Ctx): Promise<Release[]> {
  const rows = await ctx.db.all<ReleaseRow>(
    'SELECT * FROM update_releases ORDER BY registered_at DESC, version',
  );
  return rows.map(releaseOf);
}

export async function currentRollout(q: Queryable): Promise<Rollout | null> {
  const row = await q.get<RolloutRow>('SELECT * FROM update_rollout WHERE id = 1');
  return row ? rolloutOf(row) : null;
}

export async function setRollout(ctx: Ctx, p: Principal, req: RolloutRequest): Promise<Rollout> {
  const now = ctx.clock().getTime();
  const by = actorOf(p).id;
  await ctx.db.tx(async (q) => {
    const release = await q.get('SELECT version FROM update_releases WHERE version = ?', [req.version]);
    if (!release) throw new DoorstepError('NOT_FOUND', `no release ${req.version}; register it first`);
    const args = [
      req.version,
      JSON.stringify(req.pilotStationIds),
      Math.round(req.percent * 100),
      req.window.start,
      req.window.end,
      req.healthTimeoutSec,
      now,
      by,
    ];
    // A new rollout starts running (not paused); the same statement on both databases.
    await q.run(
      `INSERT INTO update_rollout (id, version, pilot_station_ids, percent_bp, window_start, window_end,
         health_timeout_sec, paused, updated_at, updated_by) VALUES (1, ?, ?, ?, ?, ?, ?, 0, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, pilot_station_ids = excluded.pilot_station_ids,
         percent_bp = excluded.percent_bp, window_start = excluded.window_start, window_end = excluded.window_end,
         health_timeout_sec = excluded.health_timeout_sec, paused = 0, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by`,
      args,
    );
    await writeAudit(q, now, p, 'rollout.set', { type: 'settings', id: 'rollout' }, null, { ...req });
  });
  return (await currentRollout(ctx.db))!;
}

export async function pauseRollout(ctx: Ctx, p: Principal, paused: boolean): Promise<Rollout> {
  const now = ctx.clock().getTime();
  await ctx.db.tx(async (q) => {
    const n = await q.run(
      'UPDATE update_rollout SET paused = ?, updated_at = ?, updated_by = ? WHERE id = 1',
      [paused ? 1 : 0, now, actorOf(p).id],
    );
    if (n !== 1) throw new DoorstepError('NOT_FOUND', 'no rollout to pause or resume');
    await writeAudit(
      q,
      now,
      p,
      paused ? 'rollout.pause' : 'rollout.resume',
      { type: 'settings', id: 'rollout' },
      null,
    );
  });
  return (await currentRollout(ctx.db))!;
}

/** The feed's answer for one kiosk: deterministic for a kiosk, a rollout and the kiosk's reports. */
export async function feedFor(
  ctx: Ctx,
  kiosk: { kioskId: string; stationId: string },
  runningVersion: string | undefined,
): Promise<UpdateFeedResponse> {
  const rollout = await currentRollout(ctx.db);
  if (!rollout) return { action: 'none', reason: 'no-rollout' };
  if (rollout.paused) return { action: 'none', reason: 'paused' };
  if (ringOf(kiosk, rollout) === 'rest') return { action: 'none', reason: 'not-in-rollout' };
  const report = await ctx.db.get<{ app_version: string; state: string; target_version: string | null }>(
    'SELECT app_version, state, target_version FROM kiosk_update_reports WHERE kiosk_id = ?',
    [kiosk.kioskId],
  );
  const running = runningVersion ?? report?.app_version;
  if (running === rollout.version) return { action: 'none', reason: 'current' };
  // A kiosk that rolled this release back is not offered it again (it would loop install → rollback);
  // a new release or a technician clears it.
  if (report?.state === 'rolled_back' && report.target_version === rollout.version) {
    return { action: 'none', reason: 'rolled-back' };
  }
  const r = (await ctx.db.get<ReleaseRow>('SELECT * FROM update_releases WHERE version = ?', [
    rollout.version,
  ]))!;
  return {
    action: 'update',
    version: r.version,
    url: r.url,
    sha512: r.sha512,
    signature: r.signature,
    window: rollout.window,
    timeZone: ZONE,
    healthTimeoutSec: rollout.healthTimeoutSec,
  };
}

/** Keeps a heartbeat's update report (latest wins). */
export async function saveUpdateReport(
  q: Queryable,
  kioskId: string,
  appVersion: string,
  report: KioskUpdateReport | undefined,
  at: number,
): Promise<void> {
  await q.run(
    `INSERT INTO kiosk_update_reports (kiosk_id, app_version, state, target_version, detail, reported_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (kiosk_id) DO UPDATE SET app_version = excluded.app_version, state = excluded.state,
       target_version = excluded.target_version, detail = excluded.detail, reported_at = excluded.reported_at`,
    [kioskId, appVersion, report?.state ?? 'idle', report?.targetVersion ?? null, report?.detail ?? null, at],
  );
}

/** The rollout's progress over a centre's kiosks, per ring: how many, on which version, in which state. */
export async function rolloutStatus(ctx: Ctx, centreId: string): Promise<RolloutStatus> {
  const rollout = await currentRollout(ctx.db);
  const kiosks = await ctx.db.all<{
    kiosk_id: string;
    station_id: string;
    app_version: string | null;
    state: string | null;
  }>(
    `SELECT k.id AS kiosk_id, k.station_id, r.app_version, r.state FROM kiosks k
       JOIN stations s ON s.id = k.station_id LEFT JOIN kiosk_update_reports r ON r.kiosk_id = k.id
     WHERE s.centre_id = ? AND k.revoked_at IS NULL ORDER BY k.id`,
    [centreId],
  );
  const rings = new Map<RolloutRing, RolloutStatus['rings'][number]>();
  for (const ring of ['pilot', 'staged', 'rest'] as const) {
    rings.set(ring, {
      ring,
      offered: ring !== 'rest' && !!rollout && !rollout.paused,
      kiosks: 0,
      byVersion: {},
      byState: {},
    });
  }
  for (const k of kiosks) {
    const ring = rollout ? ringOf({ kioskId: k.kiosk_id, stationId: k.station_id }, rollout) : 'rest';
    const r = rings.get(ring)!;
    r.kiosks++;
    const v = k.app_version ?? 'unknown';
    const s = k.state ?? 'unknown';
    r.byVersion[v] = (r.byVersion[v] ?? 0) + 1;
    r.byState[s] = (r.byState[s] ?? 0) + 1;
  }
  return { rollout, rings: [...rings.values()] };
}
