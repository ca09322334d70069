import type { AbandonIssueRequest, AbandonIssueResponse } from '../../contract/api/abandon';
import { DoorstepError } from '../../contract/errors';
import { type Ctx, type Principal, requireStation } from './context';
import { ticketAction } from './ticket-actions';

// Settling an abandoned ticket issue (contract/api/abandon.ts): so that every waiting ticket at
// central is held by a resident, a ticket issued under a key whose answer the kiosk never got is
// cancelled, and a key that issued nothing yet is closed with a refusal its late copy replays.

const ISSUE_PATH = '/api/v1/tickets';

export async function abandonIssue(
  ctx: Ctx,
  principal: Principal | null,
  body: AbandonIssueRequest,
): Promise<AbandonIssueResponse> {
  const p = requireStation(principal);
  const who = `kiosk:${p.kioskId}`;
  const refusal = new DoorstepError(
    'CONFLICT',
    'the kiosk gave up this ticket request before its answer came; nothing was issued',
  ).toBody();
  // Closing the key first: an issue still running (or arriving late through a slow link) then meets
  // this record at the primary key, rolls back and replays the refusal.
  const closed = await ctx.db.run(
    `INSERT INTO idempotency (principal, key, method, path, status, body, created_at) VALUES (?, ?, 'POST', ?, 409, ?, ?)
     ON CONFLICT (principal, key) DO NOTHING`,
    [who, body.key, ISSUE_PATH, JSON.stringify(refusal), ctx.clock().getTime()],
  );
  if (closed === 1) return { ticketId: null, cancelled: false };
  const prev = await ctx.db.get<{ path: string; status: number; body: string | null }>(
    'SELECT path, status, body FROM idempotency WHERE principal = ? AND key = ?',
    [who, body.key],
  );
  if (!prev || prev.status === 0) {
    throw new DoorstepError('REQUEST_IN_PROGRESS', 'the ticket request with this key is still running');
  }
  // Only a ticket this key created (201); a 200 names a ticket the resident already held.
  if (prev.path !== ISSUE_PATH || prev.status !== 201 || !prev.body)
    return { ticketId: null, cancelled: false };
  const ticketId = (JSON.parse(prev.body) as { id: string }).id;
  const row = await ctx.db.get<{ status: string }>('SELECT status FROM tickets WHERE id = ?', [ticketId]);
  if (row?.status !== 'waiting') return { ticketId, cancelled: false };
  await ticketAction(ctx, principal, ticketId, 'cancel', undefined);
  return { ticketId, cancelled: true };
}
