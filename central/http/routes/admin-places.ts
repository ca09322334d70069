import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AdminCentre,
  AdminKiosk,
  AdminStation,
  CentreCreate,
  CentreUpdate,
  EnrollmentSheet,
  EnrollmentSheetQuery,
  KioskUpdate,
  StationCreate,
  StationListQuery,
  StationUpdate,
} from '../../../contract/api/admin-places';
import { Deadline, DeadlineQuery, OpenToday } from '../../../contract/api/admin-calendar';
import { OkResponse } from '../../../contract/api/auth';
import type { Ctx } from '../../services/context';
import { requireAny, requireStaff } from '../../services/context';
import { itemDeadline, openToday } from '../../services/calendar';
import {
  createCentre,
  createStation,
  getCentre,
  getStation,
  listCentres,
  listKiosks,
  listStations,
  updateCentre,
  updateKiosk,
  updateStation,
} from '../../services/admin/places';
import { enrollmentSheet, sheetHtml } from '../../services/admin/enrollment-sheet';
import { revokeKiosk } from '../../services/stations';
import { DoorstepError } from '../../../contract/errors';
import { route } from '../schema';

// /api/v1/admin/centres, /stations, /kiosks (issue 12), and the public "open today" answer.

const Id = z.object({ id: z.string().min(1) });
type Id = z.infer<typeof Id>;
const tags = ['admin'];

export async function adminPlaceRoutes(app: FastifyInstance, ctx: Ctx) {
  centreRoutes(app, ctx);
  stationRoutes(app, ctx);
  kioskRoutes(app, ctx);
  calendarRoutes(app, ctx);
}

function centreRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get(
    '/api/v1/admin/centres',
    {
      schema: route({
        response: { 200: z.object({ centres: z.array(AdminCentre) }) },
        tags,
        summary: 'Centres the admin holds',
      }),
    },
    async (req) => ({ centres: await listCentres(ctx, req.principal) }),
  );
  app.post<{ Body: CentreCreate }>(
    '/api/v1/admin/centres',
    {
      schema: route({
        body: CentreCreate,
        response: { 201: AdminCentre },
        tags,
        summary: 'Create a centre (district admin)',
      }),
    },
    async (req, reply) => reply.status(201).send(await createCentre(ctx, req.principal, req.body)),
  );
  app.get<{ Params: Id }>(
    '/api/v1/admin/centres/:id',
    { schema: route({ params: Id, response: { 200: AdminCentre }, tags, summary: 'One centre' }) },
    (req) => getCentre(ctx, req.principal, req.params.id),
  );
  app.put<{ Params: Id; Body: CentreUpdate }>(
    '/api/v1/admin/centres/:id',
    {
      schema: route({
        params: Id,
        body: CentreUpdate,
        response: { 200: AdminCentre },
        tags,
        summary:
          'Change a centre (name, address, opening hours, public base URL, active); 409 on a stale version',
      }),
    },
    (req) => updateCentre(ctx, req.principal, req.params.id, req.body),
  );
}

function stationRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get<{ Querystring: StationListQuery }>(
    '/api/v1/admin/stations',
    {
      schema: route({
        querystring: StationListQuery,
        response: { 200: z.object({ stations: z.array(AdminStation) }) },
        tags,
        summary: 'Stations of the centres the admin holds (filter by centre, search by name or id)',
      }),
    },
    async (req) => ({ stations: await listStations(ctx, req.principal, req.query) }),
  );
  app.post<{ Body: StationCreate }>(
    '/api/v1/admin/stations',
    {
      schema: route({
        body: StationCreate,
        response: { 201: AdminStation },
        tags,
        summary: 'Create a station',
      }),
    },
    async (req, reply) => reply.status(201).send(await createStation(ctx, req.principal, req.body)),
  );
  app.get<{ Params: Id }>(
    '/api/v1/admin/stations/:id',
    { schema: route({ params: Id, response: { 200: AdminStation }, tags, summary: 'One station' }) },
    (req) => getStation(ctx, req.principal, req.params.id),
  );
  app.put<{ Params: Id; Body: StationUpdate }>(
    '/api/v1/admin/stations/:id',
    {
      schema: route({
        params: Id,
        body: StationUpdate,
        response: { 200: AdminStation },
        tags,
        summary:
          'Change a station (centre, names, 24-hour flag, offered items, active); 409 on a stale version',
      }),
    },
    (req) => updateStation(ctx, req.principal, req.params.id, req.body),
  );
  app.post<{ Params: Id; Querystring: z.infer<typeof EnrollmentSheetQuery> }>(
    '/api/v1/admin/stations/:id/enrollment-sheet',
    {
      schema: route({
        params: Id,
        querystring: EnrollmentSheetQuery,
        response: { 201: EnrollmentSheet },
        tags,
        summary:
          'A one-time enrollment code for a kiosk of this station, with its printable A4/A5 sheet (?format=html)',
      }),
    },
    async (req, reply) => {
      const sheet = await enrollmentSheet(ctx, req.principal, req.params.id);
      if (req.query.format === 'html') {
        return reply.status(201).type('text/html; charset=utf-8').send(sheetHtml(sheet));
      }
      return reply.status(201).send(sheet);
    },
  );
}

function kioskRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get<{ Querystring: { stationId?: string; centreId?: string } }>(
    '/api/v1/admin/kiosks',
    {
      schema: route({
        querystring: z.object({ stationId: z.string().optional(), centreId: z.string().optional() }),
        response: { 200: z.object({ kiosks: z.array(AdminKiosk) }) },
        tags,
        summary: 'Kiosks with their health (last heartbeat)',
      }),
    },
    async (req) => ({ kiosks: await listKiosks(ctx, req.principal, req.query) }),
  );
  app.put<{ Params: Id; Body: KioskUpdate }>(
    '/api/v1/admin/kiosks/:id',
    {
      schema: route({
        params: Id,
        body: KioskUpdate,
        response: { 200: AdminKiosk },
        tags,
        summary: 'Rename a kiosk or move it to another station; 409 on a stale version',
      }),
    },
    (req) => updateKiosk(ctx, req.principal, req.params.id, req.body),
  );
  app.post<{ Params: Id }>(
    '/api/v1/admin/kiosks/:id/revoke-token',
    {
      schema: route({
        params: Id,
        response: { 200: OkResponse },
        tags,
        summary: 'Revoke a kiosk (its token stops working at once)',
      }),
    },
    async (req) => {
      // Same scope answer as every admin record: another centre's kiosk is "no kiosk".
      const visible = await listKiosks(ctx, req.principal, {});
      if (!visible.some((k) => k.id === req.params.id))
        throw new DoorstepError('NOT_FOUND', `no kiosk ${req.params.id}`);
      await revokeKiosk(ctx, req.principal, req.params.id);
      return { ok: true as const };
    },
  );
}

/** The calendar answers for kiosks and staff: open today, an item's deadline. */
function calendarRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get<{ Querystring: { centreId?: string } }>(
    '/api/v1/calendar/today',
    {
      schema: route({
        querystring: z.object({ centreId: z.string().optional() }),
        response: { 200: OpenToday },
        tags: ['calendar'],
        summary: "Is the centre open today (the kiosk's closed-today screen) and when it opens next",
        public: true,
      }),
    },
    async (req) => {
      const p = req.principal;
      const centreId = req.query.centreId ?? (p?.kind === 'station' ? p.centreId : undefined);
      if (!centreId) {
        requireAny(p);
        throw new DoorstepError('VALIDATION_FAILED', 'centreId is required', [
          { path: 'centreId', message: 'required' },
        ]);
      }
      return openToday(ctx.db, centreId, ctx.clock().getTime());
    },
  );
  app.get<{ Querystring: DeadlineQuery }>(
    '/api/v1/calendar/deadline',
    {
      schema: route({
        querystring: DeadlineQuery,
        response: { 200: Deadline },
        tags: ['calendar'],
        summary: "An item's 办理时限: the last working day of its promised and legal time limits",
      }),
    },
    async (req) => {
      requireStaff(req.principal);
      const item = ctx.catalog.find(req.query.itemId);
      if (!item) throw new DoorstepError('NOT_FOUND', `no service item ${req.query.itemId}`);
      const at = req.query.from ? Date.parse(req.query.from) : ctx.clock().getTime();
      return itemDeadline(ctx.db, item, at);
    },
  );
}
