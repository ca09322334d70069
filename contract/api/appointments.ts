import { z } from 'zod';
import { Appointment, AppointmentSlot } from '../appointment';
import { NumberSource, Ticket } from '../ticket';

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
  /** Kept only with a card read (NumberSource). */
  name: z.string().min(1).max(100).optional(),
  identifiedBy: NumberSource.optional(),
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
    /**
     * What the kiosk saw of the person: a card read or a typed number (with a code from that
     * session's list or booking too). Absent: `code` with a code, `typed` with a number.
     */
    identifiedBy: NumberSource.optional(),
    centreId: z.string().min(1).optional(),
  })
  .refine((b) => Boolean(b.code) !== Boolean(b.idNumber), { message: 'give either code or idNumber' });
export type CheckInRequest = z.infer<typeof CheckInRequest>;

export const CheckInResponse = z.object({ appointment: Appointment, ticket: Ticket });
export type CheckInResponse = z.infer<typeof CheckInResponse>;

/**
 * Whether an appointment can be checked in now, per the configured window (settings
 * `checkInBeforeMinutes` before to `checkInAfterMinutes` after the start). Meaningful while the
 * appointment is `booked`.
 */
export const CheckInWindow = z.object({
  state: z.enum(['open', 'early', 'late']),
  opensAt: z.string().datetime({ offset: true }),
  closesAt: z.string().datetime({ offset: true }),
});
export type CheckInWindow = z.infer<typeof CheckInWindow>;

export const ResidentAppointment = Appointment.extend({ checkIn: CheckInWindow });
export type ResidentAppointment = z.infer<typeof ResidentAppointment>;

/** POST /api/v1/appointments answers with the booking and its check-in window, to tell the resident. */
export const BookResponse = ResidentAppointment;
export type BookResponse = ResidentAppointment;

/**
 * POST /api/v1/appointments/lookup (station token): the resident's appointments at the station's
 * centre from today (Asia/Shanghai) to `days` days ahead, booked or checked in (cancelled and missed
 * ones are left out). POST so that the ID number is never in a URL; the answer carries it masked only.
 */
export const AppointmentLookupRequest = z.object({
  idNumber: z.string().min(6).max(32),
  /**
   * A typed number is anyone's number: the list (with codes that check in) is for a card read only,
   * `typed` is refused with 403. Absent: kiosks before migration 018, which list after a card read.
   */
  identifiedBy: NumberSource.optional(),
  days: z.number().int().min(0).max(14).default(7),
});
export type AppointmentLookupRequest = z.input<typeof AppointmentLookupRequest>;

export const AppointmentLookupResponse = z.object({
  appointments: z.array(ResidentAppointment),
  /** Central's clock when the states were worked out. */
  serverTime: z.string().datetime({ offset: true }),
});
export type AppointmentLookupResponse = z.infer<typeof AppointmentLookupResponse>;
