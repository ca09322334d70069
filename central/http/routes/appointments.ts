import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DoorstepError } from '../../../contract/errors';
import {
  AppointmentList,
  AppointmentLookupRequest,
  AppointmentLookupResponse,
  AppointmentQuery,
  BookRequest,
  BookResponse,
  CheckInRequest,
  CheckInResponse,
  SlotList,
  SlotQuery,
} from '../../../contract/api/appointments';
import { Appointment } from '../../../contract/appointment';
import {
  book,
  cancelAppointment,
  checkIn,
  listAppointments,
  listSlots,
  lookupAppointments,
} from '../../services/appointments';
import { type Ctx, requireAny, requireStation } from '../../services/context';
import { route, type ZodApp, type ZodTypeProvider } from '../schema';

/** Lookups by ID number a kiosk may make per minute: a kiosk serves one resident at a time, so this
 * is far above honest use and bounds probing numbers with a stolen station token. */
export const LOOKUPS_PER_MINUTE = 30;

export async function appointmentRoutes(base: FastifyInstance, ctx: Ctx) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  bookingRoutes(app, ctx);
  arrivalRoutes(app, ctx);
}

/** Slots, a resident's appointments, booking. */
function bookingRoutes(app: ZodApp, ctx: Ctx) {
  app.get(
    '/api/v1/appointments/slots',
    {
      schema: route({
        querystring: SlotQuery,
        response: { 200: SlotList },
        tags: ['appointments'],
        summary: 'Bookable slots of an item on a day, with what is left',
        public: true,
      }),
    },
    (req) => listSlots(ctx, req.query),
  );
  app.get(
    '/api/v1/appointments',
    {
      schema: route({
        querystring: AppointmentQuery,
        response: { 200: AppointmentList },
        tags: ['appointments'],
        summary: 'Appointments of a centre (staff) or of the kiosk centre',
      }),
    },
    (req) => listAppointments(ctx, req.principal, req.query),
  );
  app.post(
    '/api/v1/appointments',
    {
      schema: route({
        body: BookRequest,
        response: { 201: BookResponse },
        tags: ['appointments'],
        summary: 'Book a slot',
      }),
    },
    async (req, reply) => reply.status(201).send(await book(ctx, requireAny(req.principal), req.body)),
  );
}

/** At the kiosk: check-in, lookup by ID number (rate-limited per kiosk), cancel. */
function arrivalRoutes(app: ZodApp, ctx: Ctx) {
  const lookups = new Map<string, { start: number; n: number }>();
  const countLookup = (kioskId: string) => {
    const now = ctx.clock().getTime();
    let w = lookups.get(kioskId);
    if (!w || now - w.start >= 60_000) {
      if (lookups.size > 10_000) lookups.clear();
      lookups.set(kioskId, (w = { start: now, n: 0 }));
    }
    if (++w.n > LOOKUPS_PER_MINUTE) {
      throw new DoorstepError('RATE_LIMITED', 'too many appointment lookups from this kiosk; wait a minute');
    }
  };
  app.post(
    '/api/v1/appointments/check-in',
    {
      schema: route({
        body: CheckInRequest,
        response: { 200: CheckInResponse },
        tags: ['appointments'],
        summary: 'Check in for an appointment (by code or ID number): issues its ticket',
      }),
    },
    (req) => checkIn(ctx, req.principal, req.body),
  );
  app.post(
    '/api/v1/appointments/lookup',
    {
      schema: route({
        body: AppointmentLookupRequest,
        response: { 200: AppointmentLookupResponse },
        tags: ['appointments'],
        summary: "A resident's appointments at the kiosk's centre, today and the next days (by ID number)",
        errors: [429],
      }),
      // A read: nothing to replay, and its answer (appointment codes) is not kept as an idempotency record.
      config: { idempotency: 'none' },
    },
    (req) => {
      const p = requireStation(req.principal);
      countLookup(p.kioskId);
      return lookupAppointments(ctx, p, req.body);
    },
  );
  app.post(
    '/api/v1/appointments/:id/cancel',
    {
      schema: route({
        params: z.object({ id: z.string() }),
        response: { 200: Appointment },
        tags: ['appointments'],
        summary: 'Cancel an appointment',
      }),
    },
    (req) => cancelAppointment(ctx, requireAny(req.principal), req.params.id),
  );
}
