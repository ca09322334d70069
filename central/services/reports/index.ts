import type { ReportName, ReportQuery, ReportTable, SummaryReport } from '../../../contract/api/reports';
import { type Lang, t } from '../../../contract/i18n';
import { serviceDayOf } from '../../domain/time';
import { actorOf, assertCentre, type Ctx, type Principal, requireStaff } from '../context';
import { appointmentsBy, kioskAvailability, review, timeLimits } from './other';
import { dayRange, previousRange } from './range';
import {
  appointmentFacts,
  caseFacts,
  followUpFacts,
  kioskStatusFacts,
  matterFacts,
  names,
  ticketFacts,
} from './sources';
import { TICKET_COLUMNS, heatmap, ticketFigures, ticketsBy } from './tickets';
import { followUpsBy, poorRatings, ratingsBy, videoBy } from './video';
import { WORKING_DAY_RULE } from './working-days';
import { loadCalendar } from '../calendar';

// Runs one report for a centre and a range of service days: who may ask, which history it reads, and
// the table it answers (docs/reports.md defines every figure). Reports are for the supervisors and
// admins of the centre: they name agents, which agents' own screens never show of each other.

type Table = Pick<ReportTable, 'columns' | 'rows'>;

function note(key: 'rep.note.percentile' | 'rep.note.followUpLimit' | 'rep.note.review') {
  return { zh: t(key, 'zh'), en: t(key, 'en') };
}

export async function runReport(
  ctx: Ctx,
  principal: Principal | null,
  report: ReportName,
  q: ReportQuery,
): Promise<ReportTable | SummaryReport> {
  const p = requireStaff(principal, ['supervisor', 'admin']);
  assertCentre(p, q.centreId);
  const range = dayRange(q.from, q.to);
  const nowMs = ctx.clock().getTime();
  const today = serviceDayOf(nowMs);
  const lang: Lang = q.lang;
  const n = await names(ctx.db, q.centreId);
  const waitTargetSec = q.waitTargetMin * 60;
  const notes: ReportTable['notes'] = [];
  let table: Table;
  let summary: ReturnType<typeof ticketFigures> | undefined;
  switch (report) {
    case 'summary': {
      summary = ticketFigures(await ticketFacts(ctx.db, q, range), waitTargetSec);
      table = { columns: TICKET_COLUMNS, rows: [{ ...summary }] };
      notes.push(note('rep.note.percentile'));
      break;
    }
    case 'tickets':
      table = ticketsBy(await ticketFacts(ctx.db, q, range), q.by ?? 'day', waitTargetSec, n, lang);
      notes.push(note('rep.note.percentile'));
      break;
    case 'heatmap':
      table = heatmap(await ticketFacts(ctx.db, q, range), (d) =>
        t(`rep.ui.weekday.${d}` as 'rep.ui.weekday.1', lang),
      );
      break;
    case 'appointments':
      table = appointmentsBy(await appointmentFacts(ctx.db, q, range), nowMs, n, lang);
      break;
    case 'video':
      table = videoBy(await caseFacts(ctx.db, q, range), q.by ?? 'item', n, lang);
      notes.push(note('rep.note.percentile'));
      break;
    case 'ratings':
      table = ratingsBy(await caseFacts(ctx.db, q, range), q.by ?? 'item', n, lang);
      break;
    case 'poor-ratings':
      table = poorRatings(await caseFacts(ctx.db, q, range), n, lang);
      break;
    case 'follow-ups':
      table = followUpsBy(await followUpFacts(ctx.db, q, range), today, n, lang, await loadCalendar(ctx.db));
      notes.push(note('rep.note.followUpLimit'), { ...WORKING_DAY_RULE });
      break;
    case 'time-limits':
      table = timeLimits(
        await matterFacts(ctx.db, q, range),
        (id) => ctx.catalog.find(id),
        today,
        n,
        lang,
        await loadCalendar(ctx.db),
      );
      notes.push({ ...WORKING_DAY_RULE });
      break;
    case 'kiosks':
      table = kioskAvailability(await kioskStatusFacts(ctx.db, q, range), range, nowMs, n, lang);
      break;
    case 'review': {
      const prev = previousRange(range);
      table = review(
        { tickets: await ticketFacts(ctx.db, q, range), cases: await caseFacts(ctx.db, q, range) },
        { tickets: await ticketFacts(ctx.db, q, prev), cases: await caseFacts(ctx.db, q, prev) },
        n,
        lang,
      );
      notes.push(note('rep.note.review'));
      break;
    }
  }
  const out: ReportTable = {
    report,
    centreId: q.centreId,
    from: range.from,
    to: range.to,
    generatedAt: new Date(nowMs).toISOString(),
    notes,
    columns: table.columns,
    rows: table.rows,
  };
  return summary ? { ...out, ...summary } : out;
}

/** An export leaves the system with the centre's figures: who took which, when, is audited. */
export async function auditExport(
  ctx: Ctx,
  principal: Principal | null,
  table: ReportTable,
  format: 'csv' | 'xlsx',
  q: ReportQuery,
): Promise<void> {
  const a = actorOf(principal);
  const filters = Object.fromEntries(
    (['itemId', 'stationId', 'channel', 'agentId', 'by'] as const).filter((k) => q[k]).map((k) => [k, q[k]]),
  );
  await ctx.db.run(
    `INSERT INTO audit (at, actor_type, actor_id, action, subject_type, subject_id, centre_id, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      ctx.clock().getTime(),
      a.type,
      a.id,
      'report.export',
      'report',
      table.report,
      table.centreId,
      JSON.stringify({ format, from: table.from, to: table.to, rows: table.rows.length, ...filters }),
    ],
  );
}
