import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AppointmentList,
  AppointmentQuery,
  BookRequest,
  CheckInRequest,
  CheckInResponse,
  SlotList,
  SlotQuery,
} from '../../../contract/api/appointments';
import { Appointment } from '../../../contract/appointment';
import { book, cancelAppointment, checkIn, listAppointments, listSlots } from '../../services/appointments';
import { type Ctx, requireAny } from '../../services/context';
import { route } from '../schema';

export async function appointmentRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get<{ Querystring: SlotQuery }>(
    '/api/v1/appointments/slots',
    { schema: route({ querystring: SlotQuery, response: { 200: SlotList }, tags: ['appointments'] }) },
    (req) => listSlots(ctx, req.query),
  );
  app.get<{ Querystring: AppointmentQuery }>(
    '/api/v1/appointments',
    {
      schema: route({
        querystring: AppointmentQuery,
        response: { 200: AppointmentList },
        tags: ['appointments'],
      }),
    },
    (req) => listAppointments(ctx, req.principal, req.query),
  );
  app.post<{ Body: BookRequest }>(
    '/api/v1/appointments',
    { schema: route({ body: BookRequest, response: { 201: Appointment }, tags: ['appointments'] }) },
    async (req, reply) => reply.status(201).send(await book(ctx, requireAny(req.principal), req.body)),
  );
  app.post<{ Body: CheckInRequest }>(
    '/api/v1/appointments/check-in',
    { schema: route({ body: CheckInRequest, response: { 200: CheckInResponse }, tags: ['appointments'] }) },
    (req) => checkIn(ctx, req.principal, req.body),
  );
  app.post<{ Params: { id: string } }>(
    '/api/v1/appointments/:id/cancel',
    {
      schema: route({
        params: z.object({ id: z.string() }),
        response: { 200: Appointment },
        tags: ['appointments'],
      }),
    },
    (req) => cancelAppointment(ctx, requireAny(req.principal), req.params.id),
  );
}
