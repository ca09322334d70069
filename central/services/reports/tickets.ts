import type { ReportColumn, ReportGroup, SummaryFigures } from '../../../contract/api/reports';
import { shanghaiTime } from '../../domain/time';
import { col, hourCol } from './columns';
import type { Names, TicketFact } from './sources';
import { groupBy, maxOf, percentile, share, sortedSeconds } from './stats';

// Ticket figures (docs/reports.md "Tickets"): counts by final status, wait (issue → first call) and
// service (start → finish). A transfer continues the visit as a new ticket with the same number and
// issue time, so a visit is counted as issued once (its first ticket) and its wait is measured once.

export const TICKET_COLUMNS: ReportColumn[] = [
  col('issued', 'count'),
  col('served', 'count'),
  col('noShow', 'count'),
  col('cancelled', 'count'),
  col('transferred', 'count'),
  col('open', 'count'),
  col('waitP50Sec', 'seconds'),
  col('waitP90Sec', 'seconds'),
  col('waitMaxSec', 'seconds'),
  col('waitOverTargetShare', 'share'),
  col('serviceP50Sec', 'seconds'),
  col('serviceP90Sec', 'seconds'),
  col('serviceMaxSec', 'seconds'),
];

const OPEN = new Set(['waiting', 'called', 'serving']);

/** Whether this ticket starts a visit (not the continuation of a transfer). */
export const startsVisit = (t: TicketFact) => t.transferred_from_id === null;

/**
 * The wait of a visit is measured on the first of its tickets that was called: its first ticket, or
 * the ticket it was transferred to when it was transferred before anyone called it.
 */
function waitMs(t: TicketFact): number | null {
  if (t.first_call_at === null) return null;
  if (t.transferred_from_id !== null && t.prev_called !== 0) return null;
  return t.first_call_at - t.issued_at;
}

export function ticketFigures(facts: readonly TicketFact[], waitTargetSec: number): SummaryFigures {
  const count = (status: string) => facts.filter((t) => t.status === status).length;
  const waits = sortedSeconds(facts.map(waitMs).filter((w): w is number => w !== null));
  const services = sortedSeconds(
    facts
      .filter((t) => t.status === 'done' && t.served_at !== null && t.finished_at !== null)
      .map((t) => t.finished_at! - t.served_at!),
  );
  return {
    issued: facts.filter(startsVisit).length,
    served: count('done'),
    noShow: count('no_show'),
    cancelled: count('cancelled'),
    transferred: count('transferred'),
    open: facts.filter((t) => OPEN.has(t.status)).length,
    waitP50Sec: percentile(waits, 50),
    waitP90Sec: percentile(waits, 90),
    waitMaxSec: maxOf(waits),
    waitOverTargetShare: share(waits.filter((w) => w > waitTargetSec).length, waits.length),
    serviceP50Sec: percentile(services, 50),
    serviceP90Sec: percentile(services, 90),
    serviceMaxSec: maxOf(services),
  };
}

/** Group columns and the key and cells of each group, for the tables grouped `by`. */
export function groupColumns(by: ReportGroup): ReportColumn[] {
  switch (by) {
    case 'day':
      return [col('day', 'day')];
    case 'item':
      return [col('itemId', 'text'), col('item', 'text')];
    case 'station':
      return [col('stationId', 'text'), col('station', 'text')];
    case 'channel':
      return [col('channel', 'text')];
    case 'agent':
      return [col('agentId', 'text'), col('agent', 'text')];
  }
}

export function groupKey(
  by: ReportGroup,
  r: {
    service_day: string;
    item_id: string;
    station_id: string | null;
    agent_id: string | null;
    channel?: string;
  },
): string {
  switch (by) {
    case 'day':
      return r.service_day;
    case 'item':
      return r.item_id;
    case 'station':
      return r.station_id ?? '';
    case 'channel':
      return r.channel ?? 'video';
    case 'agent':
      return r.agent_id ?? '';
  }
}

export function groupCells(
  by: ReportGroup,
  key: string,
  n: Names,
  lang: 'zh' | 'en',
): Record<string, string | null> {
  switch (by) {
    case 'day':
      return { day: key };
    case 'item':
      return { itemId: key, item: n.items.get(key)?.[lang] ?? key };
    case 'station':
      return { stationId: key || null, station: n.stations.get(key)?.[lang] ?? (key || null) };
    case 'channel':
      return { channel: key };
    case 'agent':
      return { agentId: key || null, agent: n.staff.get(key) ?? (key || null) };
  }
}

export function ticketsBy(
  facts: readonly TicketFact[],
  by: ReportGroup,
  waitTargetSec: number,
  n: Names,
  lang: 'zh' | 'en',
) {
  const groups = [...groupBy(facts, (t) => groupKey(by, t)).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    columns: [...groupColumns(by), ...TICKET_COLUMNS],
    rows: groups.map(([key, list]) => ({
      ...groupCells(by, key, n, lang),
      ...ticketFigures(list, waitTargetSec),
    })),
  };
}

/** Visits issued by weekday (1 = Monday … 7 = Sunday) and hour of day in Asia/Shanghai. */
export function heatmap(facts: readonly TicketFact[], weekdayName: (d: number) => string) {
  const midnight = new Map<string, number>();
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const t of facts) {
    if (!startsVisit(t)) continue;
    let m = midnight.get(t.service_day);
    if (m === undefined) midnight.set(t.service_day, (m = shanghaiTime(t.service_day, 0)));
    const hour = Math.min(23, Math.max(0, Math.floor((t.issued_at - m) / 3_600_000)));
    const [y, mo, d] = t.service_day.split('-').map(Number) as [number, number, number];
    const dow = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
    grid[(dow + 6) % 7]![hour]!++;
  }
  const hours = Array.from({ length: 24 }, (_, h) => h);
  return {
    columns: [col('weekday', 'text'), ...hours.map(hourCol), col('total', 'count')],
    rows: grid.map((row, i) => ({
      weekday: weekdayName(i + 1),
      ...Object.fromEntries(hours.map((h) => [`h${String(h).padStart(2, '0')}`, row[h]!])),
      total: row.reduce((a, b) => a + b, 0),
    })),
  };
}
