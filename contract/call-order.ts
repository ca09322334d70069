import { z } from 'zod';
import type { OrderingSettings } from './api/admin';
import type { Ticket, TicketPriority } from './ticket';

// The one rule for "call next" (domain.md "Tickets"): checked-in appointments due now, then priority
// residents, then first come first served; a normal ticket that has waited past the starvation limit
// is ranked like a priority one. Within a rank, earlier issue time goes first (a transferred ticket
// keeps its original issue time). Ties break on the day's sequence number, then the id, so the order
// is total. Pure, in contract/ so central (which also states it as SQL: central/domain/ordering.ts
// rankSql, kept equal by a test) and any front end that sorts a queue use the same comparator.

export interface Orderable {
  id: string;
  priority: TicketPriority;
  issuedAt: number;
  /** Appointment start; an appointment ticket is "due" from then on. */
  dueAt: number | null;
  /** Sequence number of the day: breaks ties between tickets issued in the same millisecond. */
  seq?: number;
}

export const DEFAULT_ORDERING: OrderingSettings = {
  appointmentRank: 0,
  priorityRank: 1,
  normalRank: 2,
  starvationMinutes: 30,
  agedRank: 1,
};

/** The rank of a ticket now; lower is called first. */
export function rankOf(t: Orderable, now: number, w: OrderingSettings = DEFAULT_ORDERING): number {
  if (t.priority === 'appointment' && t.dueAt !== null && t.dueAt <= now) return w.appointmentRank;
  if (t.priority === 'priority') return w.priorityRank;
  const aged = now - t.issuedAt >= w.starvationMinutes * 60_000;
  return aged ? Math.min(w.agedRank, w.normalRank) : w.normalRank;
}

export function compareForCall(
  a: Orderable,
  b: Orderable,
  now: number,
  w: OrderingSettings = DEFAULT_ORDERING,
): number {
  return (
    rankOf(a, now, w) - rankOf(b, now, w) ||
    a.issuedAt - b.issuedAt ||
    (a.seq ?? 0) - (b.seq ?? 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Tickets in the order an agent would call them. */
export function orderForCall<T extends Orderable>(
  tickets: readonly T[],
  now: number,
  w: OrderingSettings = DEFAULT_ORDERING,
): T[] {
  return [...tickets].sort((a, b) => compareForCall(a, b, now, w));
}

const iso = z.string().datetime({ offset: true });

/** A ticket as the API shows it, in the comparator's terms. */
export function orderableTicket(t: Pick<Ticket, 'id' | 'priority' | 'issuedAt' | 'dueAt'>): Orderable {
  return {
    id: t.id,
    priority: t.priority,
    issuedAt: Date.parse(iso.parse(t.issuedAt)),
    dueAt: t.dueAt ? Date.parse(iso.parse(t.dueAt)) : null,
  };
}

/** Tickets as the API shows them, compared in call order at `now` (a console sorting its queue). */
export function compareTicketsForCall(
  a: Pick<Ticket, 'id' | 'priority' | 'issuedAt' | 'dueAt'>,
  b: Pick<Ticket, 'id' | 'priority' | 'issuedAt' | 'dueAt'>,
  now: number,
  w: OrderingSettings = DEFAULT_ORDERING,
): number {
  return compareForCall(orderableTicket(a), orderableTicket(b), now, w);
}
