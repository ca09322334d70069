import type { Queryable } from '../db/db';
import { jsonOf } from '../db/db';
import { iso } from '../domain/time';
import type { HeartbeatRequest, KioskHealth, KioskHealthView, KioskProblem } from '../../contract/fleet';
import type { KioskDeviceStatus } from '../../contract/kiosk';
import { healthOf } from './health';

// SQL of fleet health over the central data layer (SQLite and PostgreSQL alike): one row per kiosk in
// kiosk_heartbeats (migration 005), joined to kiosks and stations.

export interface KioskRow {
  kiosk_id: string;
  name: string | null;
  station_id: string;
  centre_id: string;
  received_at: number | null;
  app_version: string | null;
  uptime_sec: number | null;
  devices: string | null;
  outbox_depth: number | null;
  clock_skew_ms: number | null;
  disk_free_bytes: number | null;
  problems: string | null;
  status: KioskHealth | null;
  published: string | null;
}

const SELECT = `SELECT k.id AS kiosk_id, k.name, k.station_id, s.centre_id, h.received_at, h.app_version,
  h.uptime_sec, h.devices, h.outbox_depth, h.clock_skew_ms, h.disk_free_bytes, h.problems, h.status, h.published
  FROM kiosks k JOIN stations s ON s.id = k.station_id LEFT JOIN kiosk_heartbeats h ON h.kiosk_id = k.id`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** What is published on the event stream: a change of this string is a kiosk.status event. */
export const publishedOf = (status: KioskHealth, problems: readonly KioskProblem[]) =>
  `${status}|${problems.map((p) => p.code).join(',')}`;

export function viewOf(r: KioskRow, nowMs: number): KioskHealthView {
  const problems = jsonOf<KioskProblem[]>(r.problems, []);
  const seen = num(r.received_at);
  return {
    kioskId: r.kiosk_id,
    name: r.name,
    stationId: r.station_id,
    centreId: r.centre_id,
    status: healthOf(seen, problems, nowMs),
    lastSeenAt: iso(seen),
    appVersion: r.app_version,
    uptimeSec: num(r.uptime_sec),
    problems,
    devices: jsonOf<KioskDeviceStatus | null>(r.devices, null),
    outboxDepth: num(r.outbox_depth),
    clockSkewMs: num(r.clock_skew_ms),
    diskFreeBytes: num(r.disk_free_bytes),
  };
}

export async function kioskRow(q: Queryable, kioskId: string, lock = false): Promise<KioskRow | undefined> {
  const forUpdate = lock && q.kind === 'postgres' ? ' FOR UPDATE OF k' : '';
  return q.get<KioskRow>(`${SELECT} WHERE k.id = ?${forUpdate}`, [kioskId]);
}

/** Enrolled, not revoked kiosks of a centre, oldest first. */
export async function centreKiosks(q: Queryable, centreId: string): Promise<KioskRow[]> {
  return q.all<KioskRow>(
    `${SELECT} WHERE s.centre_id = ? AND k.revoked_at IS NULL ORDER BY k.enrolled_at, k.id`,
    [centreId],
  );
}

/** Kiosks last published as heard from whose heartbeat is now older than the window. */
export async function overdueKiosks(q: Queryable, before: number): Promise<KioskRow[]> {
  return q.all<KioskRow>(
    `${SELECT} WHERE k.revoked_at IS NULL AND h.status <> 'offline' AND h.received_at < ? ORDER BY h.received_at`,
    [before],
  );
}

export async function saveHeartbeat(
  q: Queryable,
  kioskId: string,
  at: number,
  hb: HeartbeatRequest,
  skewMs: number | null,
  problems: readonly KioskProblem[],
  status: KioskHealth,
): Promise<void> {
  await q.run(
    `INSERT INTO kiosk_heartbeats (kiosk_id, received_at, sent_at, app_version, uptime_sec, devices, outbox_depth,
       clock_skew_ms, disk_free_bytes, problems, status, published)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (kiosk_id) DO UPDATE SET received_at = excluded.received_at, sent_at = excluded.sent_at,
       app_version = excluded.app_version, uptime_sec = excluded.uptime_sec, devices = excluded.devices,
       outbox_depth = excluded.outbox_depth, clock_skew_ms = excluded.clock_skew_ms,
       disk_free_bytes = excluded.disk_free_bytes, problems = excluded.problems, status = excluded.status,
       published = excluded.published`,
    [
      kioskId,
      at,
      Date.parse(hb.sentAt),
      hb.appVersion,
      hb.uptimeSec,
      JSON.stringify(hb.devices),
      hb.link.outboxDepth,
      skewMs === null ? null : Math.round(skewMs),
      hb.diskFreeBytes,
      JSON.stringify(problems),
      status,
      publishedOf(status, problems),
    ],
  );
}

/** Marks a kiosk's published status, only if nobody else did since `was`; true when this call did. */
export async function markPublished(
  q: Queryable,
  kioskId: string,
  was: string,
  status: KioskHealth,
  published: string,
): Promise<boolean> {
  const n = await q.run(
    'UPDATE kiosk_heartbeats SET status = ?, published = ? WHERE kiosk_id = ? AND published = ?',
    [status, published, kioskId, was],
  );
  return n === 1;
}
