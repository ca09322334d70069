import type { IssueTicketRequest, PrintStatusRequest } from '../../contract/api/tickets';
import { DoorstepError } from '../../contract/errors';
import type { Ticket, TicketPriority } from '../../contract/ticket';
import { isUniqueViolation, type Queryable } from '../db/db';
import { ageOn, serviceDayOf } from '../domain/time';
import { newId } from '../security/secrets';
import { assertCentre, type Ctx, type PendingEvent, type Principal, writeAudit } from './context';
import { appendEvents } from './event-hub';
import { positionOf, queueSummaries, singleQueue } from './queues';
import type { QueueSummary } from '../../contract/queue';
import { estimateWait } from '../domain/estimate';
import { residentIdFor } from './residents';
import { TICKET_COLUMNS, ticketOf, type TicketRow } from './ticket-rows';

// Issuing tickets and reading them back (domain.md "Tickets").

export const formatNumber = (prefix: string, seq: number) => `${prefix}${String(seq).padStart(3, '0')}`;

/** Video tickets are numbered V…, window tickets with the item's window-group prefix (domain.md). */
export const prefixFor = (itemPrefix: string, channel: 'video' | 'window') =>
  channel === 'video' ? 'V' : itemPrefix;

export async function loadTicket(q: Queryable, id: string): Promise<TicketRow> {
  const row = await q.get<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ?`, [id]);
  if (!row) throw new DoorstepError('NOT_FOUND', `no ticket ${id}`);
  return row;
}

/** Takes the next sequence number(s) of a centre's prefix for a service day. */
export async function takeSeq(
  q: Queryable,
  centreId: string,
  prefix: string,
  day: string,
  count = 1,
): Promise<number> {
  const row = await q.get<{ last_seq: number }>(
    `INSERT INTO ticket_counters (centre_id, prefix, service_day, last_seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (centre_id, prefix, service_day) DO UPDATE SET last_seq = ticket_counters.last_seq + ?
     RETURNING last_seq`,
    [centreId, prefix, day, count, count],
  );
  return Number(row!.last_seq) - count + 1;
}

/** The ticket as the API shows it: with position and estimate while it waits. */
export async function present(ctx: Ctx, q: Queryable, row: TicketRow, reprint = false): Promise<Ticket> {
  const pos = row.status === 'waiting' ? await positionOf(ctx, q, row) : null;
  return ticketOf(row, {
    publicUrl: ctx.publicUrl(),
    waitingAhead: pos?.ahead ?? null,
    estimate: pos?.estimate ?? null,
    reprint,
  });
}

/** Writes the events of a change and the queue summary of each queue it touched. */
export async function flushTicketEvents(
  ctx: Ctx,
  q: Queryable,
  events: PendingEvent[],
  queues: Array<Pick<TicketRow, 'centre_id' | 'item_id' | 'channel'>>,
  known: QueueSummary[] = [],
): Promise<void> {
  const seen = new Set<string>();
  for (const s of known) {
    seen.add(`${s.centreId}/${s.itemId}/${s.channel}`);
    events.push({ centreId: s.centreId, type: 'queue.changed', data: { queues: [s] } });
  }
  for (const t of queues) {
    const key = `${t.centre_id}/${t.item_id}/${t.channel}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const summaries = await queueSummaries(ctx, q, t.centre_id, { itemId: t.item_id, channel: t.channel });
    events.push({ centreId: t.centre_id, type: 'queue.changed', data: { queues: summaries } });
  }
  await appendEvents(q, ctx.clock().getTime(), events);
}

export async function issueTicket(
  ctx: Ctx,
  p: Principal,
  req: IssueTicketRequest,
  opts: {
    priority?: TicketPriority;
    dueAt?: number;
    appointmentId?: string;
    q?: Queryable;
    /**
     * Records the response for the request's Idempotency-Key in the issuing transaction (last
     * statement) and returns the body text to send; see http/idempotency.ts.
     */
    record?: (q: Queryable, status: number, body: unknown) => Promise<string>;
  } = {},
): Promise<{ ticket: Ticket; created: boolean; recorded?: string }> {
  const item = ctx.catalog.get(req.itemId);
  if (!item.active) throw new DoorstepError('CONFLICT', `service item ${item.id} is not offered now`);
  if (!item.channels.includes(req.channel)) {
    throw new DoorstepError('VALIDATION_FAILED', `item ${item.id} has no ${req.channel} channel`, [
      { path: 'channel', message: `offered channels: ${item.channels.join(', ')}` },
    ]);
  }
  const centreId = p.kind === 'station' ? p.centreId : req.centreId;
  if (!centreId) {
    throw new DoorstepError('VALIDATION_FAILED', 'centreId is required', [
      { path: 'centreId', message: 'required' },
    ]);
  }
  assertCentre(p, centreId);
  if (item.idCardRequired && !req.idNumber) {
    throw new DoorstepError('VALIDATION_FAILED', 'this item needs an ID card', [
      { path: 'idNumber', message: 'required for this service item' },
    ]);
  }
  const run = async (q: Queryable) => {
    const now = ctx.clock().getTime();
    const day = serviceDayOf(now);
    let residentId: string | null = null;
    let priority: TicketPriority = opts.priority ?? 'normal';
    if (req.idNumber) {
      const r = await residentIdFor(q, ctx.pii, req.idNumber, req.name, now);
      residentId = r.id;
      const existing = await q.get<TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM tickets WHERE item_id = ? AND resident_id = ? AND status = 'waiting'`,
        [item.id, residentId],
      );
      if (existing) {
        const ticket = await present(ctx, q, existing, true);
        const recorded = await opts.record?.(q, 200, ticket);
        return { ticket, created: false, recorded };
      }
      if (priority === 'normal' && ageOn(r.birthDate, day) >= ctx.settings.get().priorityAge)
        priority = 'priority';
    }
    if (priority === 'normal' && req.priorityClaim) priority = 'priority';
    // Everything that only reads, and the audit row, comes before the number is taken: on PostgreSQL the
    // counter row stays locked from then to the commit, so that stretch is kept to a few statements.
    const prefix = prefixFor(item.ticketPrefix, req.channel);
    const row: TicketRow = {
      id: newId('t'),
      number: '',
      seq: 0,
      centre_id: centreId,
      station_id: p.kind === 'station' ? p.stationId : null,
      kiosk_id: p.kind === 'station' ? p.kioskId : null,
      item_id: item.id,
      channel: req.channel,
      skill_group: item.skillGroup,
      status: 'waiting',
      priority,
      service_day: day,
      issued_at: now,
      due_at: opts.dueAt ?? null,
      called_at: null,
      served_at: null,
      finished_at: null,
      print_status: p.kind === 'station' ? 'pending' : 'not_printed',
      resident_id: residentId,
      agent_id: null,
      target_agent_id: null,
      recall_count: 0,
      parked: 0,
      outcome: null,
      transferred_to_id: null,
      transferred_from_id: null,
      appointment_id: opts.appointmentId ?? null,
      lease_id: null,
      offline: 0,
    };
    const before = await singleQueue(ctx, q, centreId, item.id, req.channel);
    const waiting = before.summary.waiting + 1;
    const summary = {
      ...before.summary,
      waiting,
      estimate: estimateWait(waiting, before.mean, before.summary.agentsServing),
    };
    // A new normal ticket is last in its queue: every other waiting ticket is ahead of it.
    const pos =
      priority === 'normal'
        ? { ahead: waiting - 1, estimate: estimateWait(waiting - 1, before.mean, summary.agentsServing) }
        : await positionOf(ctx, q, row);
    await writeAudit(q, now, p, 'ticket.issue', { type: 'ticket', id: row.id }, centreId, {
      itemId: item.id,
      channel: req.channel,
    });
    row.seq = await takeSeq(q, centreId, prefix, day);
    row.number = formatNumber(prefix, row.seq);
    await q.run(
      `INSERT INTO tickets (id, number, seq, centre_id, station_id, kiosk_id, item_id, channel, skill_group, status,
         priority, service_day, issued_at, due_at, print_status, resident_id, appointment_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        row.number,
        row.seq,
        centreId,
        row.station_id,
        row.kiosk_id,
        item.id,
        req.channel,
        item.skillGroup,
        priority,
        day,
        now,
        row.due_at,
        row.print_status,
        residentId,
        row.appointment_id,
      ],
    );
    const ticket = ticketOf(row, {
      publicUrl: ctx.publicUrl(),
      waitingAhead: pos.ahead,
      estimate: pos.estimate,
    });
    await flushTicketEvents(ctx, q, [{ centreId, type: 'ticket.issued', data: { ticket } }], [], [summary]);
    const recorded = await opts.record?.(q, 201, ticket);
    return { ticket, created: true, recorded };
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const r = opts.q ? await run(opts.q) : await ctx.db.tx(run);
      if (r.created && !opts.q) ctx.hub.notify([centreId]);
      return r;
    } catch (err) {
      // Two requests for the same resident and item raced: the second finds the first's ticket.
      if (!isUniqueViolation(err) || attempt > 0 || opts.q) throw err;
    }
  }
}

export async function getTicket(ctx: Ctx, p: Principal, id: string): Promise<Ticket> {
  const row = await loadTicket(ctx.db, id);
  assertCentre(p, row.centre_id);
  return present(ctx, ctx.db, row);
}

export async function setPrintStatus(
  ctx: Ctx,
  p: Principal,
  id: string,
  body: PrintStatusRequest,
): Promise<Ticket> {
  const result = await ctx.db.tx(async (q) => {
    const row = await loadTicket(q, id);
    assertCentre(p, row.centre_id);
    const now = ctx.clock().getTime();
    await q.run('UPDATE tickets SET print_status = ? WHERE id = ?', [body.status, id]);
    await writeAudit(q, now, p, `ticket.print_${body.status}`, { type: 'ticket', id }, row.centre_id);
    const ticket = await present(ctx, q, await loadTicket(q, id));
    await flushTicketEvents(
      ctx,
      q,
      [{ centreId: row.centre_id, type: 'ticket.updated', data: { ticket } }],
      [],
    );
    return ticket;
  });
  ctx.hub.notify([result.centreId]);
  return result;
}

export async function reprintTicket(ctx: Ctx, p: Principal, id: string): Promise<Ticket> {
  const result = await ctx.db.tx(async (q) => {
    const row = await loadTicket(q, id);
    assertCentre(p, row.centre_id);
    if (row.status !== 'waiting' && row.status !== 'called') {
      throw new DoorstepError('INVALID_TRANSITION', `a ${row.status} ticket cannot be reprinted`);
    }
    await q.run("UPDATE tickets SET print_status = 'pending' WHERE id = ?", [id]);
    await writeAudit(q, ctx.clock().getTime(), p, 'ticket.reprint', { type: 'ticket', id }, row.centre_id);
    return present(ctx, q, await loadTicket(q, id), true);
  });
  return result;
}
