import { z } from 'zod';

// Reports (统计报表, docs/reports.md): figures over the history central keeps, for a range of service
// days in Asia/Shanghai (`to` inclusive). Every report is a table — stable column keys, one row per
// group — so the JSON answer, the CSV and the XLSX export are the same figures. No resident's name or
// ID number is ever part of one.

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD');

export const ReportName = z.enum([
  'summary',
  'tickets',
  'heatmap',
  'appointments',
  'video',
  'ratings',
  'poor-ratings',
  'follow-ups',
  'time-limits',
  'kiosks',
  'review',
]);
export type ReportName = z.infer<typeof ReportName>;

/** How the `tickets` and `ratings` reports group their rows. `agent` is for supervisors and admins. */
export const ReportGroup = z.enum(['day', 'item', 'station', 'channel', 'agent']);
export type ReportGroup = z.infer<typeof ReportGroup>;

export const ReportFormat = z.enum(['json', 'csv', 'xlsx']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/** Ranges longer than this are refused (400): a year and a bit answers the district's yearly review. */
export const MAX_REPORT_DAYS = 400;

export const ReportQuery = z
  .object({
    centreId: z.string().min(1),
    from: Day,
    to: Day,
    itemId: z.string().min(1).optional(),
    stationId: z.string().min(1).optional(),
    channel: z.enum(['video', 'window']).optional(),
    agentId: z.string().min(1).optional(),
    by: ReportGroup.optional(),
    /** Target wait in minutes: the share waiting longer is reported (default 15). */
    waitTargetMin: z.coerce.number().int().min(1).max(600).default(15),
    format: ReportFormat.default('json'),
    lang: z.enum(['zh', 'en']).default('zh'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: '`to` must not be before `from`' });
export type ReportQuery = z.infer<typeof ReportQuery>;
export type ReportQueryInput = z.input<typeof ReportQuery>;

export const ReportCell = z.union([z.number(), z.string(), z.null()]);
export type ReportCell = z.infer<typeof ReportCell>;

export const ReportColumn = z.object({
  key: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  /** count | seconds | share (0..1) | text | day | level (mean 1..5) | minutes */
  unit: z.enum(['count', 'seconds', 'share', 'text', 'day', 'level', 'minutes']),
});
export type ReportColumn = z.infer<typeof ReportColumn>;

export const ReportTable = z.object({
  report: ReportName,
  centreId: z.string(),
  from: Day,
  to: Day,
  generatedAt: z.string(),
  /** Notes a reader must know (e.g. the working-day rule in use), both languages. */
  notes: z.array(z.object({ zh: z.string(), en: z.string() })),
  columns: z.array(ReportColumn),
  rows: z.array(z.record(z.string(), ReportCell)),
});
export type ReportTable = z.infer<typeof ReportTable>;

/** GET /api/v1/reports/summary: one row of the ticket figures, also flattened at the top level. */
export const SummaryFigures = z.object({
  issued: z.number().int(),
  served: z.number().int(),
  noShow: z.number().int(),
  cancelled: z.number().int(),
  transferred: z.number().int(),
  open: z.number().int(),
  waitP50Sec: z.number().nullable(),
  waitP90Sec: z.number().nullable(),
  waitMaxSec: z.number().nullable(),
  waitOverTargetShare: z.number().nullable(),
  serviceP50Sec: z.number().nullable(),
  serviceP90Sec: z.number().nullable(),
  serviceMaxSec: z.number().nullable(),
});
export type SummaryFigures = z.infer<typeof SummaryFigures>;
export const SummaryReport = ReportTable.extend(SummaryFigures.shape);
export type SummaryReport = z.infer<typeof SummaryReport>;
