import { z } from 'zod';

// A kiosk settling a ticket issue whose answer never came (issue #10 "ghost tickets"): central may
// have issued the ticket, the resident holds none. POST /api/v1/tickets/abandon (station token, its
// own Idempotency-Key, sent through the outbox) with the issue's key: central cancels the ticket that
// key issued if it still waits, or closes the key for good (a late copy of the issue is refused).

export const AbandonIssueRequest = z.object({
  /** The Idempotency-Key of the ticket issue the kiosk did not hand out. */
  key: z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/),
});
export type AbandonIssueRequest = z.infer<typeof AbandonIssueRequest>;

export const AbandonIssueResponse = z.object({
  /** The ticket the key issued; null when it issued none (the key is closed now). */
  ticketId: z.string().nullable(),
  /** True when that ticket was waiting and is cancelled now. */
  cancelled: z.boolean(),
});
export type AbandonIssueResponse = z.infer<typeof AbandonIssueResponse>;
