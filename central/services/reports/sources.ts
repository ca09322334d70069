import type { Param, Queryable } from '../../db/db';
import type { ReportQuery } from '../../../contract/api/reports';
import type { DayRange } from './range';

// The history the reports read, one query per source, filtered in SQL by centre, service days and the
// query's filters. Figures are computed in reports/*.ts from these rows, in one place for both
// databases. Resident columns (resident_id, names, ID numbers) are never selected.

export interface TicketFact {
  id: string;
  item_id: string;
  station_id: string | null;
  channel: string;
  agent_id: string | null;
  status: string;
  outcome: string | null;
  service_day: string;
  issued_at: number;
  served_at: number | null;
  finished_at: number | null;
  /** First call of this ticket (audit: ticket.call / ticket.call_next; recalls do not count). */
  first_call_at: number | null;
  transferred_from_id: string | null;
  /** Whether the ticket this one was transferred from had been called. */
  prev_called: number | null;
}

export type Filters = Pick<ReportQuery, 'centreId' | 'itemId' | 'stationId' | 'channel' | 'agentId'>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function where(alias: string, f: Filters, cols: { channel?: boolean; agent?: boolean; station?: boolean }) {
  const sql: string[] = [];
  const params: Param[] = [];
  if (f.itemId) {
    sql.push(`${alias}.item_id = ?`);
    params.push(f.itemId);
  }
  if (f.stationId && cols.station !== false) {
    sql.push(`${alias}.station_id = ?`);
    params.push(f.stationId);
  }
  if (f.channel && cols.channel) {
    sql.push(`${alias}.channel = ?`);
    params.push(f.channel);
  }
  if (f.agentId && cols.agent !== false) {
    sql.push(`${alias}.agent_id = ?`);
    params.push(f.agentId);
  }
  return { sql: sql.map((s) => ` AND ${s}`).join(''), params };
}

export async function ticketFacts(q: Queryable, f: Filters, r: Pick<DayRange, 'from' | 'to'>) {
  const w = where('t', f, { channel: true });
  const rows = await q.all<TicketFact>(
    `SELECT t.id, t.item_id, t.station_id, t.channel, t.agent_id, t.status, t.outcome, t.service_day,
       t.issued_at, t.served_at, t.finished_at, t.transferred_from_id,
       CASE WHEN t.called_at IS NULL THEN NULL ELSE COALESCE((SELECT MIN(a.at) FROM audit a
         WHERE a.subject_id = t.id AND a.action IN ('ticket.call', 'ticket.call_next')), t.called_at) END
         AS first_call_at,
       CASE WHEN p.id IS NULL THEN NULL WHEN p.called_at IS NULL THEN 0 ELSE 1 END AS prev_called
     FROM tickets t LEFT JOIN tickets p ON p.id = t.transferred_from_id
     WHERE t.centre_id = ? AND t.service_day >= ? AND t.service_day <= ?${w.sql}`,
    [f.centreId, r.from, r.to, ...w.params],
  );
  return rows.map((t) => ({
    ...t,
    issued_at: Number(t.issued_at),
    served_at: num(t.served_at),
    finished_at: num(t.finished_at),
    first_call_at: num(t.first_call_at),
    prev_called: num(t.prev_called),
  }));
}

export interface CaseFact {
  id: string;
  case_number: string;
  item_id: string;
  station_id: string | null;
  agent_id: string;
  status: string;
  outcome: string | null;
  service_day: string;
  created_at: number;
  ended_at: number | null;
  connected_at: number | null;
  reconnects: number;
  level: number | null;
  reason: string | null;
}

const indexed = new WeakSet<Queryable>();
/**
 * The video tables belong to the video plugin's own migrations, which run after central's: the
 * reports' day index on them is created the first time a report reads them (IF NOT EXISTS, both
 * databases), instead of a migration that would depend on the plugin's order.
 */
async function ensureVideoIndex(q: Queryable): Promise<void> {
  if (indexed.has(q)) return;
  await q.exec('CREATE INDEX IF NOT EXISTS video_cases_report_day ON video_cases (centre_id, service_day)');
  indexed.add(q);
}

export async function caseFacts(q: Queryable, f: Filters, r: Pick<DayRange, 'from' | 'to'>) {
  if (f.channel === 'window') return [];
  await ensureVideoIndex(q);
  const w = where('c', f, {});
  const rows = await q.all<CaseFact>(
    `SELECT c.id, c.case_number, c.item_id, c.station_id, c.agent_id, c.status, c.outcome, c.service_day,
       c.created_at, c.ended_at,
       (SELECT MIN(v.at) FROM video_timeline v WHERE v.case_id = c.id AND v.kind = 'active') AS connected_at,
       (SELECT COUNT(*) FROM video_timeline v WHERE v.case_id = c.id AND v.kind = 'reconnecting') AS reconnects,
       r.level, r.reason
     FROM video_cases c LEFT JOIN video_ratings r ON r.case_id = c.id
     WHERE c.centre_id = ? AND c.service_day >= ? AND c.service_day <= ?${w.sql}`,
    [f.centreId, r.from, r.to, ...w.params],
  );
  return rows.map((c) => ({
    ...c,
    created_at: Number(c.created_at),
    ended_at: num(c.ended_at),
    connected_at: num(c.connected_at),
    reconnects: Number(c.reconnects),
    level: num(c.level),
  }));
}

export interface FollowUpFact {
  id: string;
  case_number: string;
  item_id: string;
  level: number;
  status: string;
  opened_at: number;
  closed_at: number | null;
}

/** Follow-ups opened in the range (by instant, [startMs, endMs)). */
export async function followUpFacts(q: Queryable, f: Filters, r: DayRange) {
  if (f.channel === 'window') return [];
  const w = where('c', f, {});
  const rows = await q.all<FollowUpFact>(
    `SELECT fu.id, c.case_number, c.item_id, fu.level, fu.status, fu.opened_at, fu.closed_at
     FROM video_followups fu JOIN video_cases c ON c.id = fu.case_id
     WHERE fu.centre_id = ? AND fu.opened_at >= ? AND fu.opened_at < ?${w.sql}
     ORDER BY fu.opened_at, fu.id`,
    [f.centreId, r.startMs, r.endMs, ...w.params],
  );
  return rows.map((x) => ({
    ...x,
    level: Number(x.level),
    opened_at: Number(x.opened_at),
    closed_at: num(x.closed_at),
  }));
}

export interface AppointmentFact {
  item_id: string;
  status: string;
  starts_at: number;
  ends_at: number;
}

/** Appointments whose slot starts in the range. */
export async function appointmentFacts(q: Queryable, f: Filters, r: DayRange) {
  const w = where('a', f, { station: false, agent: false });
  const rows = await q.all<AppointmentFact>(
    `SELECT a.item_id, a.status, a.starts_at, a.ends_at FROM appointments a
     WHERE a.centre_id = ? AND a.starts_at >= ? AND a.starts_at < ?${w.sql}`,
    [f.centreId, r.startMs, r.endMs, ...w.params],
  );
  return rows.map((a) => ({ ...a, starts_at: Number(a.starts_at), ends_at: Number(a.ends_at) }));
}

/**
 * 办理时限: window and video visits that ended without 办结 (outcome to_window, appointment or
 * more_materials), with the first later visit of the same resident for the same item that did end
 * in 办结 (the resident is matched inside the query and never leaves it).
 */
export interface MatterFact {
  id: string;
  item_id: string;
  station_id: string | null;
  outcome: string;
  service_day: string;
  concluded_at: number | null;
}

export async function matterFacts(q: Queryable, f: Filters, r: Pick<DayRange, 'from' | 'to'>) {
  const w = where('t', f, { channel: true });
  const rows = await q.all<MatterFact>(
    `SELECT t.id, t.item_id, t.station_id, t.outcome, t.service_day,
       (SELECT MIN(n.finished_at) FROM tickets n WHERE n.resident_id = t.resident_id AND n.item_id = t.item_id
          AND n.status = 'done' AND n.outcome = 'done' AND n.issued_at > t.issued_at) AS concluded_at
     FROM tickets t
     WHERE t.centre_id = ? AND t.service_day >= ? AND t.service_day <= ? AND t.status = 'done'
       AND t.outcome IN ('to_window', 'appointment', 'more_materials') AND t.resident_id IS NOT NULL${w.sql}`,
    [f.centreId, r.from, r.to, ...w.params],
  );
  return rows.map((m) => ({ ...m, concluded_at: num(m.concluded_at) }));
}

export interface KioskStatusFact {
  kiosk_id: string;
  station_id: string;
  at: number;
  status: string;
  problems: string[];
}

/** How far before the range a kiosk's last status change is looked for (its state at the start). */
export const KIOSK_LOOKBACK_DAYS = 31;

/**
 * kiosk.status events of the centre in the range, and in the KIOSK_LOOKBACK_DAYS before it (the last
 * one before the range gives a kiosk's state at its start), oldest first. The fleet service publishes
 * one on every change of status or problems; a kiosk with no change in the lookback is unknown until
 * its first change in the range.
 */
export async function kioskStatusFacts(q: Queryable, f: Filters, r: DayRange): Promise<KioskStatusFact[]> {
  const rows = await q.all<{ at: number; data: string }>(
    `SELECT at, data FROM events WHERE centre_id = ? AND type = 'kiosk.status' AND at >= ? AND at < ?
     ORDER BY at, id`,
    [f.centreId, r.startMs - KIOSK_LOOKBACK_DAYS * 86_400_000, r.endMs],
  );
  const out: KioskStatusFact[] = [];
  for (const row of rows) {
    const d = JSON.parse(row.data) as {
      kiosk?: { kioskId: string; stationId: string; status: string; problems?: Array<{ code: string }> };
    };
    if (!d.kiosk) continue;
    if (f.stationId && d.kiosk.stationId !== f.stationId) continue;
    out.push({
      kiosk_id: d.kiosk.kioskId,
      station_id: d.kiosk.stationId,
      at: Number(row.at),
      status: d.kiosk.status,
      problems: (d.kiosk.problems ?? []).map((p) => p.code),
    });
  }
  return out;
}

export interface Names {
  items: Map<string, { zh: string; en: string }>;
  stations: Map<string, { zh: string; en: string }>;
  staff: Map<string, string>;
}

export async function names(q: Queryable, centreId: string): Promise<Names> {
  const stations = await q.all<{ id: string; name_zh: string; name_en: string }>(
    'SELECT id, name_zh, name_en FROM stations WHERE centre_id = ?',
    [centreId],
  );
  const staff = await q.all<{ id: string; display_name: string }>('SELECT id, display_name FROM staff');
  const items = await q.all<{ id: string; data: string }>('SELECT id, data FROM items');
  return {
    items: new Map(
      items.map((i) => [i.id, (JSON.parse(i.data) as { name: { zh: string; en: string } }).name]),
    ),
    stations: new Map(stations.map((s) => [s.id, { zh: s.name_zh, en: s.name_en }])),
    staff: new Map(staff.map((s) => [s.id, s.display_name])),
  };
}
