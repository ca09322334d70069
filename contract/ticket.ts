import { z } from 'zod';
import { Channel } from './catalog';

// Tickets (排队取号), domain.md "Tickets".

export const TicketStatus = z.enum([
  'waiting',
  'called',
  'serving',
  'done',
  'no_show',
  'cancelled',
  'transferred',
]);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const TicketPriority = z.enum(['normal', 'priority', 'appointment']);
export type TicketPriority = z.infer<typeof TicketPriority>;

/**
 * Why a ticket has priority (domain.md "Tickets"): `age` (from the ID birth date, automatic) or the
 * resident's claim, which staff check against the certificate at the counter. Shown to staff, never printed.
 */
export const PriorityReason = z.enum(['age', 'disability', 'service_member']);
export type PriorityReason = z.infer<typeof PriorityReason>;

/**
 * How the resident of a ticket or appointment was identified (issue 11, "typed identity is not a
 * verified identity"): `card` the kiosk's reader read the chip (the kiosk host saw it, the page cannot
 * claim it), `typed` an ID number keyed in (anyone's number can be typed: staff check the ID at the
 * counter), `code` an appointment code, `none` no identity. Null on rows from before migration 018.
 */
export const IdentifiedBy = z.enum(['card', 'typed', 'code', 'none']);
export type IdentifiedBy = z.infer<typeof IdentifiedBy>;

/**
 * What a kiosk says of an ID number it sends: read from the card or typed. Absent (kiosks before
 * migration 018, staff): `card` when a name came with the number (only a card read gives one), else
 * `typed`; central keeps a name only from a card read.
 */
export const NumberSource = IdentifiedBy.extract(['card', 'typed']);
export type NumberSource = z.infer<typeof NumberSource>;

export const PrintStatus = z.enum(['pending', 'printed', 'failed', 'not_printed']);
export type PrintStatus = z.infer<typeof PrintStatus>;

/** A wait estimate as a range in minutes, never a promise; null bounds mean nobody serves the queue now. */
export const WaitEstimate = z.union([
  z.object({
    known: z.literal(true),
    minMinutes: z.number().nonnegative(),
    maxMinutes: z.number().nonnegative(),
  }),
  z.object({ known: z.literal(false) }),
]);
export type WaitEstimate = z.infer<typeof WaitEstimate>;

/** How a served ticket ended (办结, 转窗口, 预约, 补材料). */
export const TicketOutcome = z.enum(['done', 'to_window', 'appointment', 'more_materials']);
export type TicketOutcome = z.infer<typeof TicketOutcome>;

/**
 * The highest sequence number of a prefix in one service day: numbers run A001 … A999, A1000 …
 * A99999. Central refuses to go past it (409 CONFLICT, "numbers of the day used up") rather than
 * issue a number this pattern, a kiosk lease or a display would refuse.
 */
export const MAX_TICKET_SEQ = 99_999;

export const TicketNumber = z
  .string()
  .regex(/^[A-Z]\d{3,5}$/, 'a ticket number is a prefix letter and three to five digits');

/** A counter (窗口) in the centre hall as the hall display names it: "3", "A2", "12-1". */
export const CounterLabel = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9](?:[A-Z0-9-]{0,4}[A-Z0-9])?$/, '1–6 letters or digits (a dash inside), e.g. 3 or A2');
export type CounterLabel = z.infer<typeof CounterLabel>;

/** How a ticket came from a transfer (the previous ticket is `fromTicketId`, ended as `transferred`). */
export const TicketTransfer = z.object({
  fromTicketId: z.string().nullable(),
  /** The staff member who transferred it (for an automatic return, the agent it returns to). */
  byStaffId: z.string().nullable(),
  byName: z.string().nullable(),
  at: z.string().datetime({ offset: true }).nullable(),
  /** What the transferring agent wrote for the next one; null when they wrote nothing. */
  note: z.string().nullable(),
});
export type TicketTransfer = z.infer<typeof TicketTransfer>;

export const Ticket = z.object({
  id: z.string().min(1),
  number: TicketNumber,
  centreId: z.string().min(1),
  stationId: z.string().min(1).nullable(),
  itemId: z.string().min(1),
  channel: Channel,
  status: TicketStatus,
  priority: TicketPriority,
  /** Why it has priority (staff see it; the printed ticket does not); null for other tickets. */
  priorityReason: PriorityReason.nullable().optional(),
  /** Service day in Asia/Shanghai, YYYY-MM-DD: numbering resets each day. */
  serviceDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  issuedAt: z.string().datetime({ offset: true }),
  calledAt: z.string().datetime({ offset: true }).nullable(),
  /**
   * Appointment tickets: the slot start, from when they rank first (contract/call-order.ts); null for
   * others. Absent from centrals before this field.
   */
  dueAt: z.string().datetime({ offset: true }).nullable().optional(),
  printStatus: PrintStatus,
  /** Tickets ahead in the queue; only while waiting. */
  waitingAhead: z.number().int().nonnegative().nullable(),
  estimate: WaitEstimate.nullable(),
  /** True when a second request for the same item returned this existing ticket. */
  reprint: z.boolean().default(false),
  /** Public status page URL, encoded in the ticket's QR code. */
  statusUrl: z.string().url().optional(),
  /** Skill group whose agents may call it (the item's, unless transferred to another group). */
  skillGroup: z.string().optional(),
  /** The agent who called it, or the agent it was transferred to. */
  agentId: z.string().nullable().optional(),
  recallCount: z.number().int().nonnegative().optional(),
  /** Window tickets: the counter of the agent who called it (null when they gave none; video: null). */
  counter: CounterLabel.nullable().optional(),
  /** Set aside by the serving agent (e.g. the resident fetches a document); resumed later. */
  parked: z.boolean().optional(),
  outcome: TicketOutcome.nullable().optional(),
  /** When status is `transferred`: the ticket that continues it (same number, same issue time). */
  transferredToId: z.string().nullable().optional(),
  /** Issued offline from a leased number block and uploaded later. */
  offline: z.boolean().optional(),
  appointmentId: z.string().nullable().optional(),
  /** How the resident was identified; `typed` and `code` are unverified until staff check the ID. */
  identifiedBy: IdentifiedBy.nullable().optional(),
  /** When this ticket continues a transferred one: who transferred it, when, and their note for the next agent. */
  transfer: TicketTransfer.nullable().optional(),
});
export type Ticket = z.infer<typeof Ticket>;
