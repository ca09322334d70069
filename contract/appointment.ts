import { z } from 'zod';
import { IdentifiedBy } from './ticket';

// Appointments (预约办理), domain.md "Appointments".
export const AppointmentStatus = z.enum(['booked', 'checked_in', 'cancelled', 'no_show', 'done']);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;

export const AppointmentSlot = z.object({
  id: z.string(),
  centreId: z.string(),
  itemId: z.string(),
  startsAt: z.string().datetime({ offset: true }),
  endsAt: z.string().datetime({ offset: true }),
  capacity: z.number().int().positive(),
  booked: z.number().int().nonnegative(),
});
export type AppointmentSlot = z.infer<typeof AppointmentSlot>;

export const Appointment = z.object({
  id: z.string(),
  /** Short code printed and in the QR, for check-in without a card. */
  code: z.string(),
  centreId: z.string(),
  itemId: z.string(),
  slotId: z.string(),
  startsAt: z.string().datetime({ offset: true }),
  endsAt: z.string().datetime({ offset: true }),
  status: AppointmentStatus,
  /** Masked ID number of the resident (310115********1234). */
  residentMasked: z.string(),
  ticketId: z.string().nullable(),
  /** How the resident was identified when booking (`card` or `typed`); null before migration 018. */
  identifiedBy: IdentifiedBy.nullable().optional(),
});
export type Appointment = z.infer<typeof Appointment>;
