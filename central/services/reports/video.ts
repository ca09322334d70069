import type { ReportGroup } from '../../../contract/api/reports';
import { serviceDayOf } from '../../domain/time';
import { col } from './columns';
import type { CaseFact, FollowUpFact, Names } from './sources';
import { groupBy, maxOf, mean, percentile, share, sortedSeconds } from './stats';
import { groupCells, groupColumns, groupKey } from './tickets';
import type { WorkingCalendar } from '../../domain/working-days';
import { addWorkingDays } from './working-days';

// Video cases, ratings (好差评) and follow-ups (整改), docs/reports.md "Video" and "Ratings".

/** A case still ringing, in the call or reconnecting has not failed (yet). */
const LIVE = new Set(['ringing', 'active', 'reconnecting']);
/** 2 (不满意) or less is a poor rating: it needs a reason and opens a follow-up. */
export const POOR_LEVEL = 2;
/** 整改时限: working days after the follow-up was opened (see working-days.ts for the rule). */
export const FOLLOW_UP_WORKING_DAYS = 15;

function sorted<T>(m: Map<string, T>): Array<[string, T]> {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

const caseKey = (by: ReportGroup, c: CaseFact) => groupKey(by, { ...c, channel: 'video' });

export function videoFigures(cases: readonly CaseFact[]) {
  const outcome = (o: string) => cases.filter((c) => c.outcome === o).length;
  const calls = sortedSeconds(
    cases
      .filter((c) => c.connected_at !== null && c.ended_at !== null)
      .map((c) => c.ended_at! - c.connected_at!),
  );
  return {
    cases: cases.length,
    outcomeDone: outcome('done'),
    outcomeToWindow: outcome('to_window'),
    outcomeAppointment: outcome('appointment'),
    outcomeMoreMaterials: outcome('more_materials'),
    failedToConnect: cases.filter((c) => c.connected_at === null && !LIVE.has(c.status)).length,
    reconnects: cases.reduce((a, c) => a + c.reconnects, 0),
    calls: calls.length,
    callP50Sec: percentile(calls, 50),
    callMaxSec: maxOf(calls),
  };
}

export function videoBy(cases: readonly CaseFact[], by: ReportGroup, n: Names, lang: 'zh' | 'en') {
  return {
    columns: [
      ...groupColumns(by),
      ...[
        'cases',
        'outcomeDone',
        'outcomeToWindow',
        'outcomeAppointment',
        'outcomeMoreMaterials',
        'failedToConnect',
        'reconnects',
        'calls',
      ].map((k) => col(k, 'count')),
      col('callP50Sec', 'seconds'),
      col('callMaxSec', 'seconds'),
    ],
    rows: sorted(groupBy(cases, (c) => caseKey(by, c))).map(([key, list]) => ({
      ...groupCells(by, key, n, lang),
      ...videoFigures(list),
    })),
  };
}

export function ratingFigures(cases: readonly CaseFact[]) {
  const levels = cases.map((c) => c.level).filter((l): l is number => l !== null);
  const at = (l: number) => levels.filter((x) => x === l).length;
  const poor = levels.filter((l) => l <= POOR_LEVEL).length;
  return {
    rated: levels.length,
    level5: at(5),
    level4: at(4),
    level3: at(3),
    level2: at(2),
    level1: at(1),
    meanLevel: mean(levels),
    poor,
    poorShare: share(poor, levels.length),
  };
}

export function ratingsBy(cases: readonly CaseFact[], by: ReportGroup, n: Names, lang: 'zh' | 'en') {
  const rated = cases.filter((c) => c.level !== null);
  return {
    columns: [
      ...groupColumns(by),
      ...['rated', 'level5', 'level4', 'level3', 'level2', 'level1'].map((k) => col(k, 'count')),
      col('meanLevel', 'level'),
      col('poor', 'count'),
      col('poorShare', 'share'),
    ],
    rows: sorted(groupBy(rated, (c) => caseKey(by, c))).map(([key, list]) => ({
      ...groupCells(by, key, n, lang),
      ...ratingFigures(list),
    })),
  };
}

/** Each poor rating with its reason (the resident's own words; no name or ID number is stored with it). */
export function poorRatings(cases: readonly CaseFact[], n: Names, lang: 'zh' | 'en') {
  const poor = cases
    .filter((c) => c.level !== null && c.level <= POOR_LEVEL)
    .sort((a, b) => a.created_at - b.created_at || (a.case_number < b.case_number ? -1 : 1));
  return {
    columns: [
      col('day', 'day'),
      col('caseNumber', 'text'),
      col('itemId', 'text'),
      col('item', 'text'),
      col('station', 'text'),
      col('level', 'count'),
      col('reason', 'text'),
    ],
    rows: poor.map((c) => ({
      day: c.service_day,
      caseNumber: c.case_number,
      itemId: c.item_id,
      item: n.items.get(c.item_id)?.[lang] ?? c.item_id,
      station: c.station_id ? (n.stations.get(c.station_id)?.[lang] ?? c.station_id) : null,
      level: c.level,
      reason: c.reason,
    })),
  };
}

export type FollowUpState = 'closedOnTime' | 'closedLate' | 'openOverdue' | 'openInTime';

/** The last day to close a follow-up, and where it stands today. */
export function followUpState(f: FollowUpFact, todayDay: string, cal?: WorkingCalendar): FollowUpState {
  const due = addWorkingDays(serviceDayOf(f.opened_at), FOLLOW_UP_WORKING_DAYS, cal);
  if (f.closed_at !== null) return serviceDayOf(f.closed_at) <= due ? 'closedOnTime' : 'closedLate';
  return todayDay > due ? 'openOverdue' : 'openInTime';
}

export function followUpsBy(
  fus: readonly FollowUpFact[],
  todayDay: string,
  n: Names,
  lang: 'zh' | 'en',
  cal?: WorkingCalendar,
) {
  const states: FollowUpState[] = ['closedOnTime', 'closedLate', 'openOverdue', 'openInTime'];
  const row = (list: readonly FollowUpFact[]) => {
    const s = list.map((f) => followUpState(f, todayDay, cal));
    return {
      opened: list.length,
      ...Object.fromEntries(states.map((st) => [st, s.filter((x) => x === st).length])),
    };
  };
  return {
    columns: [
      col('itemId', 'text'),
      col('item', 'text'),
      col('opened', 'count'),
      ...states.map((k) => col(k, 'count')),
    ],
    rows: sorted(groupBy(fus, (f) => f.item_id)).map(([key, list]) => ({
      itemId: key,
      item: n.items.get(key)?.[lang] ?? key,
      ...row(list),
    })),
  };
}
