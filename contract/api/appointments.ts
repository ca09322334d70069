import { z } from 'zod';
import { Appointment, AppointmentSlot } from '../appointment';
import { Ticket } from '../ticket';

// Appointments (预约办理): slots, booking, cancel, check-in.

/** GET /api/v1/appointments/slots?centreId=&itemId=&from=&to= (public: kiosks and other channels). */
export const SlotQuery = z.object({
  centreId: z.string().min(1),
  itemId: z.string().min(1).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});
export type SlotQuery = z.infer<typeof SlotQuery>;

export const SlotList = z.object({ slots: z.array(AppointmentSlot) });
export type SlotList = z.infer<typeof SlotList>;

/** POST /api/v1/appointments (station token or staff). */
export const BookRequest = z.object({
  slotId: z.string().min(1),
  idNumber: z.string().min(6).max(32),
  name: z.string().min(1).max(100).optional(),
});
export type BookRequest = z.infer<typeof BookRequest>;

/** GET /api/v1/appointments?centreId=&day=YYYY-MM-DD (staff). */
export const AppointmentQuery = z.object({
  centreId: z.string().min(1),
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type AppointmentQuery = z.infer<typeof AppointmentQuery>;

export const AppointmentList = z.object({ appointments: z.array(Appointment) });
export type AppointmentList = z.infer<typeof AppointmentList>;

/** POST /api/v1/appointments/check-in (station token): by appointment code or by ID number. */
export const CheckInRequest = z
  .object({
    code: z.string().min(4).max(32).optional(),
    idNumber: z.string().min(6).max(32).optional(),
    centreId: z.string().min(1).optional(),
  })
  .refine((b) => Boolean(b.code) !== Boolean(b.idNumber), { message: 'give either code or idNumber' });
export type CheckInRequest = z.infer<typeof CheckInRequest>;

export const CheckInResponse = z.object({ appointment: Appointment, ticket: Ticket });
export type CheckInResponse = z.infer<typeof CheckInResponse>;
