import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CalendarDay,
  CalendarImport,
  CalendarImportResult,
  CalendarList,
  CalendarQuery,
  Day,
} from '../../../contract/api/admin-calendar';
import { ConfigApplyQuery, ConfigApplyResult, ConfigDocument } from '../../../contract/api/admin-config';
import { OkResponse } from '../../../contract/api/auth';
import { DoorstepError, fieldErrorsOf } from '../../../contract/errors';
import type { Ctx } from '../../services/context';
import { importCalendar, listCalendar, removeCalendarDay } from '../../services/admin/calendar';
import { applyConfig, exportConfig } from '../../services/admin/config';
import {
  catalogCsv,
  catalogXlsx,
  importCatalogRows,
  rowsOfCsv,
  rowsOfXlsx,
} from '../../services/admin/catalog-sheet';
import { parseIcs, toIcs } from '../../services/admin/ics';
import { route } from '../schema';

// /api/v1/admin/calendar, /config and the catalogue as XLSX/CSV (issue 12).

const tags = ['admin'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A generated district (36 centres, 1,308 stations, 2,000 staff) is a few MB of JSON. */
const CONFIG_LIMIT = 32 * 1024 * 1024;

export async function adminConfigRoutes(app: FastifyInstance, ctx: Ctx) {
  app.addContentTypeParser('text/calendar', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );
  calendarAdminRoutes(app, ctx);
  configDocumentRoutes(app, ctx);
  catalogSheetRoutes(app, ctx);
}

/** Holidays, make-up working days and closures, one by one or imported as JSON or ICS. */
function calendarAdminRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get<{ Querystring: CalendarQuery & { format?: 'json' | 'ics' } }>(
    '/api/v1/admin/calendar',
    {
      schema: route({
        querystring: CalendarQuery.extend({ format: z.enum(['json', 'ics']).default('json') }),
        response: { 200: CalendarList },
        tags,
        summary: 'Holidays, make-up working days and closures (?year=, ?centreId=, ?format=ics)',
      }),
    },
    async (req, reply) => {
      const days = await listCalendar(ctx, req.principal, req.query);
      if (req.query.format === 'ics') return reply.type('text/calendar; charset=utf-8').send(toIcs(days));
      return { days };
    },
  );
  app.post<{ Body: CalendarDay }>(
    '/api/v1/admin/calendar/days',
    {
      schema: route({
        body: CalendarDay,
        response: { 201: CalendarImportResult },
        tags,
        summary: 'Add a holiday, make-up working day (district admin) or a centre closure',
      }),
    },
    async (req, reply) => reply.status(201).send(await importCalendar(ctx, req.principal, [req.body])),
  );
  app.delete<{ Params: { day: string }; Querystring: { centreId?: string } }>(
    '/api/v1/admin/calendar/days/:day',
    {
      schema: route({
        params: z.object({ day: Day }),
        querystring: z.object({ centreId: z.string().optional() }),
        response: { 200: OkResponse },
        tags,
        summary: 'Remove a calendar day (district-wide, or a closure with ?centreId=)',
      }),
    },
    async (req) => {
      await removeCalendarDay(ctx, req.principal, req.params.day, req.query.centreId ?? null);
      return { ok: true as const };
    },
  );
  app.post<{ Body: unknown; Querystring: { centreId?: string } }>(
    '/api/v1/admin/calendar/import',
    {
      schema: route({
        querystring: z.object({ centreId: z.string().optional() }),
        response: { 200: CalendarImportResult },
        tags,
        summary:
          'Import days as JSON ({days}) or ICS (Content-Type: text/calendar; all-day events, ?centreId= for closures); all or nothing',
      }),
    },
    async (req) => importCalendar(ctx, req.principal, calendarDaysOf(req.body, req.query.centreId)),
  );
}

/** The whole configuration as one document: export and apply. */
function configDocumentRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get(
    '/api/v1/admin/config',
    {
      schema: route({
        response: { 200: ConfigDocument },
        tags,
        summary: 'The whole configuration the caller may see, as one document (staff without secrets)',
      }),
    },
    (req) => exportConfig(ctx, req.principal),
  );
  app.post<{ Body: ConfigDocument; Querystring: ConfigApplyQuery }>(
    '/api/v1/admin/config',
    {
      bodyLimit: CONFIG_LIMIT,
      schema: route({
        body: ConfigDocument,
        querystring: ConfigApplyQuery,
        response: { 200: ConfigApplyResult },
        tags,
        summary:
          'Apply a configuration document in one transaction (all or nothing, audited as one change); ?dryRun=1 only answers what would change',
      }),
    },
    (req) => {
      const dry = req.query.dryRun === '1' || req.query.dryRun === 'true';
      return applyConfig(ctx, req.principal, req.body, dry);
    },
  );
}

/** The service catalogue as a spreadsheet (XLSX or CSV), both ways. */
function catalogSheetRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get<{ Querystring: { format?: 'csv' | 'xlsx' } }>(
    '/api/v1/admin/catalog/export',
    {
      schema: route({
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
        tags,
        summary: 'The service catalogue as XLSX or CSV with Chinese headers',
      }),
    },
    async (req, reply) => {
      const doc = await exportConfig(ctx, req.principal);
      if (req.query.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="catalogue.csv"')
          .send(catalogCsv(doc.items));
      }
      return reply
        .type(XLSX)
        .header('content-disposition', 'attachment; filename="catalogue.xlsx"')
        .send(await catalogXlsx(doc.items));
    },
  );
  app.post<{ Body: unknown; Querystring: ConfigApplyQuery }>(
    '/api/v1/admin/catalog/import',
    {
      schema: route({
        querystring: ConfigApplyQuery,
        response: { 200: ConfigApplyResult },
        tags,
        summary:
          'Import the catalogue from XLSX or CSV (Chinese headers as exported); a bad row is named and nothing is applied; ?dryRun=1',
      }),
    },
    async (req) => {
      const rows = Buffer.isBuffer(req.body)
        ? await rowsOfXlsx(req.body)
        : typeof req.body === 'string'
          ? rowsOfCsv(req.body)
          : null;
      if (!rows) throw new DoorstepError('BAD_REQUEST', `send the catalogue as text/csv or ${XLSX}`);
      const dry = req.query.dryRun === '1' || req.query.dryRun === 'true';
      return importCatalogRows(ctx, req.principal, rows, dry);
    },
  );
}

/** An imported calendar: ICS text (all-day events) or JSON `{days}`. */
function calendarDaysOf(body: unknown, centreId: string | undefined): CalendarDay[] {
  if (typeof body === 'string') return parseIcs(body, centreId ?? null);
  const r = CalendarImport.safeParse(body);
  if (!r.success) {
    throw new DoorstepError('VALIDATION_FAILED', 'the calendar is not valid', fieldErrorsOf(r.error.issues));
  }
  return r.data.days;
}
