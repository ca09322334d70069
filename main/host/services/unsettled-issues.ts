import type { LocalStore } from '../store';
import type { HostContext } from './context';

// Ticket issues whose outcome the resident has not been told yet, kept in the local store (issue
// #10, a kiosk host killed mid-burst). The Idempotency-Key of an issue is written before the request
// leaves and removed once the page gets its answer. A key still there when the host starts belongs
// to a request the host died in: central may have issued its ticket, but no resident was told the
// number, so it is abandoned through the outbox like an issue whose answer got lost
// (POST /api/v1/tickets/abandon: central cancels that ticket if it still waits, or closes the key).
// A resident whose paper came out just before the kill holds a cancelled number; the same rule as
// an offline ticket whose host died mid-print (never uploaded): central counts only tickets the
// kiosk finished handing out.

const PREFIX = 'issue.unsettled.';

/** Before the request leaves: the key is settled at the next start if the host dies first. */
export function rememberIssue(store: LocalStore, key: string): void {
  store.settings.set(PREFIX + key, new Date().toISOString());
}

/** The resident is told the outcome (a ticket, a leased number, or a refusal central gave). */
export function forgetIssue(store: LocalStore, key: string): void {
  store.settings.delete(PREFIX + key);
}

/**
 * Central may hold a ticket under this key that nobody was given: the abandon is queued and the
 * key forgotten in one local transaction, so a kill between the two neither loses nor doubles it.
 */
export function abandonIssue(ctx: HostContext, key: string): void {
  ctx.store.db.transaction(() => {
    ctx.store.outbox.enqueue({ kind: 'ticket.abandon', path: '/api/v1/tickets/abandon', body: { key } });
    forgetIssue(ctx.store, key);
  })();
  void ctx.central.flush();
}

/** At start: the issues a previous run died in are abandoned. Returns how many. */
export function settleInterruptedIssues(ctx: HostContext): number {
  const keys = ctx.store.settings.keys(PREFIX).map((k) => k.slice(PREFIX.length));
  for (const key of keys) abandonIssue(ctx, key);
  if (keys.length > 0) {
    ctx.logger.log(
      'warn',
      'tickets',
      `${keys.length} ticket request(s) were under way when the host stopped; abandoned at central`,
    );
  }
  return keys.length;
}
