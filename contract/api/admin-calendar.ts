import { z } from 'zod';
import { Bilingual } from '../catalog';
import { Period } from './admin-places';

// The district calendar (issue 12): public holidays (法定节假日) and make-up working days (调休上班)
// as data for the whole district, and closures of one centre. Working days = the calendar over
// Monday-Friday; a centre is open on a day when it is a working day for it and it has opening hours.

export const Day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date YYYY-MM-DD');
/** holiday and workday are district-wide (centreId null); closed is one centre's closure. */
export const CalendarKind = z.enum(['holiday', 'workday', 'closed']);
export type CalendarKind = z.infer<typeof CalendarKind>;

export const CalendarDay = z
  .object({
    day: Day,
    kind: CalendarKind,
    name: Bilingual,
    centreId: z.string().min(1).nullable().default(null),
  })
  .refine((d) => (d.kind === 'closed') === (d.centreId !== null), {
    path: ['centreId'],
    message: 'a closure names its centre; holidays and make-up working days are district-wide',
  });
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CalendarQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  centreId: z.string().optional(),
});
export type CalendarQuery = z.infer<typeof CalendarQuery>;
export const CalendarList = z.object({ days: z.array(CalendarDay) });
export type CalendarList = z.infer<typeof CalendarList>;

/** POST /api/v1/admin/calendar/import: JSON ({days}) or an ICS file (text/calendar). */
export const CalendarImport = z.object({ days: z.array(CalendarDay).max(2000) });
export type CalendarImport = z.infer<typeof CalendarImport>;
export const CalendarImportResult = z.object({ imported: z.number().int(), replaced: z.number().int() });
export type CalendarImportResult = z.infer<typeof CalendarImportResult>;

/** GET /api/v1/calendar/today?centreId= : is the centre open today, and when it opens next. */
export const OpenToday = z.object({
  centreId: z.string(),
  day: Day,
  open: z.boolean(),
  periods: z.array(Period),
  /** Why it is closed (holiday or closure name), null when open or just outside opening days. */
  reason: Bilingual.nullable(),
  next: z.object({ day: Day, from: z.string() }).nullable(),
});
export type OpenToday = z.infer<typeof OpenToday>;

/** GET /api/v1/calendar/deadline (staff): 办理时限 of an item for a matter begun at `from` (default now). */
export const DeadlineQuery = z.object({
  itemId: z.string().min(1),
  from: z.string().datetime({ offset: true }).optional(),
});
export type DeadlineQuery = z.infer<typeof DeadlineQuery>;
/** Both limits counted in working days of the district calendar, the day the matter began not counted. */
export const Deadline = z.object({
  itemId: z.string(),
  from: Day,
  promisedLimitDays: z.number().int().nonnegative(),
  legalLimitDays: z.number().int().nonnegative(),
  promisedDue: Day,
  legalDue: Day,
});
export type Deadline = z.infer<typeof Deadline>;
