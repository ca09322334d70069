import { z } from 'zod';
import { IdentifiedBy, PrintStatus, Ticket, TicketNumber } from '../ticket';

// Offline number leases (architecture decision 3): a kiosk leases a block of window-ticket numbers per
// item for today, issues them while central is unreachable, and uploads them later.

/** POST /api/v1/leases (station token, Idempotency-Key). */
export const LeaseRequest = z.object({
  itemId: z.string().min(1),
  count: z.number().int().min(1).max(200),
});
export type LeaseRequest = z.infer<typeof LeaseRequest>;

export const Lease = z.object({
  id: z.string(),
  centreId: z.string(),
  stationId: z.string(),
  itemId: z.string(),
  prefix: z.string(),
  /** Service day (Asia/Shanghai) the numbers belong to; they expire at its midnight. */
  serviceDay: z.string(),
  firstSeq: z.number().int().positive(),
  lastSeq: z.number().int().positive(),
  /** The numbers as printed, first to last. */
  numbers: z.array(TicketNumber),
});
export type Lease = z.infer<typeof Lease>;

export const OfflineTicket = z.object({
  leaseId: z.string().min(1),
  number: TicketNumber,
  issuedAt: z.string().datetime({ offset: true }),
  /**
   * Whether its paper came out at the kiosk: printed, failed, or not_printed (the resident took the
   * number on screen). Absent (hosts before this field) means printed, as before; those hosts correct
   * it through the ticket's print-status once the upload is accepted.
   */
  printStatus: PrintStatus.default('printed'),
  /** How the resident was identified at the kiosk (no identity is uploaded); absent: unknown (null). */
  identifiedBy: IdentifiedBy.optional(),
});
export type OfflineTicket = z.infer<typeof OfflineTicket>;

/** POST /api/v1/leases/upload: accepted exactly once each, queued in issue-time order. */
export const OfflineUploadRequest = z.object({ tickets: z.array(OfflineTicket).min(1).max(500) });
export type OfflineUploadRequest = z.infer<typeof OfflineUploadRequest>;

export const OfflineUploadResponse = z.object({
  accepted: z.array(Ticket),
  /** Numbers uploaded before: the existing tickets, unchanged. */
  duplicates: z.array(Ticket),
  rejected: z.array(z.object({ number: z.string(), reason: z.string() })),
});
export type OfflineUploadResponse = z.infer<typeof OfflineUploadResponse>;
