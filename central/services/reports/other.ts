import type { ServiceItem } from '../../../contract/catalog';
import type { KioskProblemCode } from '../../../contract/fleet';
import { serviceDayOf } from '../../domain/time';
import { col } from './columns';
import type { DayRange } from './range';
import type { AppointmentFact, CaseFact, KioskStatusFact, MatterFact, Names, TicketFact } from './sources';
import { groupBy, mean, share } from './stats';
import { startsVisit } from './tickets';
import { POOR_LEVEL } from './video';
import type { WorkingCalendar } from '../../domain/working-days';
import { addWorkingDays } from './working-days';

// Appointments, 办理时限, kiosk availability and the district's review of items (docs/reports.md).

function sorted<T>(m: Map<string, T>): Array<[string, T]> {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}
const itemCells = (id: string, n: Names, lang: 'zh' | 'en') => ({
  itemId: id,
  item: n.items.get(id)?.[lang] ?? id,
});

export function appointmentsBy(
  appts: readonly AppointmentFact[],
  nowMs: number,
  n: Names,
  lang: 'zh' | 'en',
) {
  const row = (list: readonly AppointmentFact[]) => {
    const kept = list.filter((a) => a.status !== 'cancelled');
    const checkedIn = kept.filter((a) => a.status === 'checked_in' || a.status === 'done').length;
    // Not checked in by the end of the slot is missed, whether or not the no-show sweep has run yet.
    const missed = kept.filter(
      (a) => a.status === 'no_show' || (a.status === 'booked' && a.ends_at <= nowMs),
    ).length;
    return {
      booked: kept.length,
      cancelled: list.length - kept.length,
      checkedIn,
      missed,
      showRate: share(checkedIn, checkedIn + missed),
    };
  };
  return {
    columns: [
      col('itemId', 'text'),
      col('item', 'text'),
      ...['booked', 'cancelled', 'checkedIn', 'missed'].map((k) => col(k, 'count')),
      col('showRate', 'share'),
    ],
    rows: sorted(groupBy(appts, (a) => a.item_id)).map(([id, list]) => ({
      ...itemCells(id, n, lang),
      ...row(list),
    })),
  };
}

/**
 * 办理时限: a visit that ended without 办结 starts a matter; it is past the item's promised (legal)
 * limit when it was concluded after that many working days from the visit's day, or is still not
 * concluded and today is later than that day.
 */
export function timeLimits(
  matters: readonly MatterFact[],
  item: (id: string) => ServiceItem | undefined,
  todayDay: string,
  n: Names,
  lang: 'zh' | 'en',
  cal?: WorkingCalendar,
) {
  const past = (m: MatterFact, days: number) => {
    const due = addWorkingDays(m.service_day, days, cal);
    return m.concluded_at !== null ? serviceDayOf(m.concluded_at) > due : todayDay > due;
  };
  return {
    columns: [
      col('itemId', 'text'),
      col('item', 'text'),
      ...['matters', 'concluded', 'pastPromised', 'pastLegal'].map((k) => col(k, 'count')),
    ],
    rows: sorted(groupBy(matters, (m) => m.item_id)).map(([id, list]) => {
      const it = item(id);
      return {
        ...itemCells(id, n, lang),
        matters: list.length,
        concluded: list.filter((m) => m.concluded_at !== null).length,
        pastPromised: it ? list.filter((m) => past(m, it.promisedLimitDays)).length : null,
        pastLegal: it ? list.filter((m) => past(m, it.legalLimitDays)).length : null,
      };
    }),
  };
}

const CAUSE: Record<KioskProblemCode, 'faultPaper' | 'faultPrinter' | 'faultReader' | 'faultOther'> = {
  PRINTER_PAPER_OUT: 'faultPaper',
  PRINTER_PAPER_NEAR_END: 'faultPaper',
  PRINTER_COVER_OPEN: 'faultPrinter',
  PRINTER_OFFLINE: 'faultPrinter',
  PRINTER_ERROR: 'faultPrinter',
  PRINTER_MISSING: 'faultPrinter',
  PRINTER_UNKNOWN: 'faultPrinter',
  READER_MISSING: 'faultReader',
  READER_ERROR: 'faultReader',
  READER_UNKNOWN: 'faultReader',
  DISK_LOW: 'faultOther',
  OUTBOX_BACKLOG: 'faultOther',
  CLOCK_SKEW: 'faultOther',
};
const CAUSES = ['faultPaper', 'faultPrinter', 'faultReader', 'faultOther'] as const;

/**
 * Kiosk availability from the kiosk.status history: each kiosk's status holds from one event to the
 * next; minutes before a kiosk's first event are unknown and not counted. Faulted minutes go to each
 * cause present (a minute with two causes counts under both).
 */
export function kioskAvailability(
  facts: readonly KioskStatusFact[],
  r: DayRange,
  nowMs: number,
  n: Names,
  lang: 'zh' | 'en',
) {
  const end = Math.min(r.endMs, nowMs);
  type Acc = { kiosks: Set<string>; online: number; faulted: number; offline: number } & Record<
    (typeof CAUSES)[number],
    number
  >;
  const byStation = new Map<string, Acc>();
  const acc = (s: string): Acc => {
    let a = byStation.get(s);
    if (!a) {
      a = {
        kiosks: new Set(),
        online: 0,
        faulted: 0,
        offline: 0,
        faultPaper: 0,
        faultPrinter: 0,
        faultReader: 0,
        faultOther: 0,
      };
      byStation.set(s, a);
    }
    return a;
  };
  for (const [kioskId, list] of groupBy(facts, (f) => f.kiosk_id)) {
    list.forEach((f, i) => {
      const from = Math.max(f.at, r.startMs);
      const to = Math.min(list[i + 1]?.at ?? end, end);
      if (to <= from) return;
      const a = acc(f.station_id);
      a.kiosks.add(kioskId);
      const ms = to - from;
      if (f.status === 'online') a.online += ms;
      else if (f.status === 'offline') a.offline += ms;
      else {
        a.faulted += ms;
        for (const cause of new Set(f.problems.map((p) => CAUSE[p as KioskProblemCode] ?? 'faultOther')))
          a[cause] += ms;
      }
    });
  }
  const min = (ms: number) => Math.round(ms / 60_000);
  return {
    columns: [
      col('stationId', 'text'),
      col('station', 'text'),
      col('kiosks', 'count'),
      ...['knownMinutes', 'onlineMinutes', 'faultedMinutes', 'offlineMinutes'].map((k) => col(k, 'minutes')),
      col('availability', 'share'),
      ...CAUSES.map((k) => col(k, 'minutes')),
    ],
    rows: sorted(byStation).map(([id, a]) => {
      const known = a.online + a.faulted + a.offline;
      return {
        stationId: id,
        station: n.stations.get(id)?.[lang] ?? id,
        kiosks: a.kiosks.size,
        knownMinutes: min(known),
        onlineMinutes: min(a.online),
        faultedMinutes: min(a.faulted),
        offlineMinutes: min(a.offline),
        availability: share(a.online, known),
        ...Object.fromEntries(CAUSES.map((k) => [k, min(a[k])])),
      };
    }),
  };
}

/**
 * Items for the district to review: demand and satisfaction of this range beside the previous range of
 * the same length, worst satisfaction first (unrated items last), then the larger poor share, then
 * the larger demand.
 */
export function review(
  now: { tickets: readonly TicketFact[]; cases: readonly CaseFact[] },
  prev: { tickets: readonly TicketFact[]; cases: readonly CaseFact[] },
  n: Names,
  lang: 'zh' | 'en',
) {
  const ids = new Set([...now.tickets, ...now.cases, ...prev.tickets, ...prev.cases].map((x) => x.item_id));
  const levels = (cases: readonly CaseFact[], id: string) =>
    cases.filter((c) => c.item_id === id && c.level !== null).map((c) => c.level!);
  const rows = [...ids].map((id) => {
    const demand = now.tickets.filter((t) => t.item_id === id && startsVisit(t)).length;
    const demandPrev = prev.tickets.filter((t) => t.item_id === id && startsVisit(t)).length;
    const lv = levels(now.cases, id);
    const satisfaction = mean(lv);
    const satisfactionPrev = mean(levels(prev.cases, id));
    return {
      ...itemCells(id, n, lang),
      demand,
      demandPrev,
      demandTrend: demandPrev > 0 ? Math.round(((demand - demandPrev) / demandPrev) * 10_000) / 10_000 : null,
      rated: lv.length,
      satisfaction,
      satisfactionPrev,
      satisfactionTrend:
        satisfaction !== null && satisfactionPrev !== null
          ? Math.round((satisfaction - satisfactionPrev) * 100) / 100
          : null,
      poorShare: share(lv.filter((l) => l <= POOR_LEVEL).length, lv.length),
    };
  });
  rows.sort(
    (a, b) =>
      (a.satisfaction ?? 99) - (b.satisfaction ?? 99) ||
      (b.poorShare ?? 0) - (a.poorShare ?? 0) ||
      b.demand - a.demand ||
      (a.itemId < b.itemId ? -1 : 1),
  );
  return {
    columns: [
      col('itemId', 'text'),
      col('item', 'text'),
      col('demand', 'count'),
      col('demandPrev', 'count'),
      col('demandTrend', 'share'),
      col('rated', 'count'),
      col('satisfaction', 'level'),
      col('satisfactionPrev', 'level'),
      col('satisfactionTrend', 'level'),
      col('poorShare', 'share'),
    ],
    rows,
  };
}
