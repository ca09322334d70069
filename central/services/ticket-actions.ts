import type { CancelRequest, FinishRequest, TransferRequest } from '../../contract/api/tickets';
import { DoorstepError } from '../../contract/errors';
import type { Ticket, TicketOutcome } from '../../contract/ticket';
import { jsonOf, toBool, type Queryable } from '../db/db';
import { assertTransition, type LifecycleAction } from '../domain/lifecycle';
import { newId } from '../security/secrets';
import {
  assertCentre,
  type Ctx,
  type PendingEvent,
  type Principal,
  requireAny,
  requireStaff,
  writeAudit,
} from './context';
import { agentCounter, assertNoCurrent, calledEvents, claim } from './agents';
import { flushTicketEvents, loadTicket, present } from './tickets';
import { invalidateQueueStats } from './queues';
import type { TicketRow } from './ticket-rows';

// Agent actions on one ticket (POST /tickets/{id}/{action}); each checks the lifecycle first
// (409 INVALID_TRANSITION otherwise), writes the audit log and the events in the same transaction.

export type ActionBody = TransferRequest | FinishRequest | CancelRequest | undefined;

type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

function ownTicket(p: StaffPrincipal, row: TicketRow): void {
  if (p.staff.role === 'agent' && row.agent_id !== p.staff.id) {
    throw new DoorstepError('FORBIDDEN', 'this ticket was called by another agent');
  }
}

/**
 * Cancelling: a waiting ticket by a kiosk or any staff member of its centre; a called ticket only by
 * the agent calling it, a supervisor or an admin — or the kiosk that issued it, where its resident
 * stands and gives up (a video call that dropped). Another kiosk or agent must not end someone else's
 * call (docs/security.md, authorization).
 */
function mayCancel(p: Principal, row: TicketRow): void {
  if (row.status === 'waiting') return;
  if (p.kind === 'station') {
    if (row.kiosk_id && row.kiosk_id === p.kioskId) return;
    throw new DoorstepError('FORBIDDEN', 'a called ticket is cancelled by its agent or at its own kiosk');
  }
  if (p.staff.role === 'agent' && row.agent_id !== p.staff.id)
    throw new DoorstepError('FORBIDDEN', 'this ticket was called by another agent');
}

/**
 * Calling a chosen ticket out of order: an agent may take one outside the groups they serve in this
 * session, but not one of a skill group they do not hold at all (unless it was transferred to them),
 * nor one transferred to another agent.
 */
function mayCall(p: StaffPrincipal, row: TicketRow): void {
  if (p.staff.role !== 'agent' || row.target_agent_id === p.staff.id) return;
  if (row.target_agent_id) {
    throw new DoorstepError('FORBIDDEN', 'this ticket was transferred to another agent');
  }
  if (!p.staff.skillGroups.includes(row.skill_group)) {
    throw new DoorstepError('FORBIDDEN', `not one of your skill groups: ${row.skill_group}`);
  }
}

/**
 * A ticket the agent has finished, marked no-show or transferred, told (after the commit) to whoever
 * keeps something open around it: the video service closes or settles the ticket's case, so no
 * client has to remember to. `system`: central's own act (the video time limits), which settles the
 * case itself.
 */
export interface TicketSettled {
  ticketId: string;
  channel: Ticket['channel'];
  action: 'finish' | 'no-show' | 'transfer';
  /** finish: the outcome chosen. */
  outcome: TicketOutcome | null;
  /** finish or transfer: the agent's note. */
  note: string | null;
  /** The staff member who acted. */
  actorId: string;
  system: boolean;
}
export type SettleHook = (e: TicketSettled) => Promise<void>;

const settleHooks = new WeakMap<Ctx, Set<SettleHook>>();

/** Subscribes to the tickets settled through this context; returns the unsubscribe. */
export function onTicketSettled(ctx: Ctx, hook: SettleHook): () => void {
  let set = settleHooks.get(ctx);
  if (!set) settleHooks.set(ctx, (set = new Set()));
  set.add(hook);
  return () => set.delete(hook);
}

/** Runs the hooks; a hook reports its own failures (the ticket action has been committed). */
async function settled(ctx: Ctx, e: TicketSettled): Promise<void> {
  const hooks = [...(settleHooks.get(ctx) ?? [])];
  await Promise.allSettled(hooks.map((h) => h(e)));
}

const SETTLING: ReadonlySet<LifecycleAction> = new Set(['finish', 'no-show', 'transfer']);

async function transfer(
  ctx: Ctx,
  q: Queryable,
  p: StaffPrincipal,
  row: TicketRow,
  body: TransferRequest,
  now: number,
): Promise<TicketRow> {
  const item = body.itemId ? ctx.catalog.get(body.itemId) : ctx.catalog.get(row.item_id);
  const channel = item.channels.includes(row.channel) ? row.channel : item.channels[0]!;
  let skillGroup = body.skillGroup ?? item.skillGroup;
  if (body.agentId) {
    const agent = await q.get<{ id: string; centre_ids: string; role: string; active: number }>(
      'SELECT id, centre_ids, role, active FROM staff WHERE id = ?',
      [body.agentId],
    );
    if (!agent) throw new DoorstepError('NOT_FOUND', `no agent ${body.agentId}`);
    const serves =
      toBool(agent.active) &&
      (agent.role === 'agent' || agent.role === 'supervisor') &&
      jsonOf<string[]>(agent.centre_ids, []).includes(row.centre_id);
    if (!serves) {
      throw new DoorstepError('VALIDATION_FAILED', `${body.agentId} does not serve this ticket's centre`, [
        { path: 'agentId', message: 'not an active agent of the centre' },
      ]);
    }
    skillGroup = row.skill_group;
  } else if (body.skillGroup) {
    const g = await q.get('SELECT id FROM skill_groups WHERE id = ?', [body.skillGroup]);
    if (!g) throw new DoorstepError('NOT_FOUND', `no skill group ${body.skillGroup}`);
  }
  const id = newId('t');
  await q.run(
    "UPDATE tickets SET status = 'transferred', transferred_to_id = ?, finished_at = ?, parked = 0 WHERE id = ?",
    [id, now, row.id],
  );
  // Same number, same issue time: the resident keeps their place. Who moved it, and their note for the
  // next agent, go with the new ticket.
  await q.run(
    `INSERT INTO tickets (id, number, seq, centre_id, station_id, kiosk_id, item_id, channel, skill_group, status,
       priority, priority_reason, service_day, issued_at, due_at, print_status, resident_id, target_agent_id,
       transferred_from_id, appointment_id, transfer_note, transfer_by, transfer_by_name, transfer_at, identified_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      row.number,
      row.seq,
      row.centre_id,
      row.station_id,
      row.kiosk_id,
      item.id,
      channel,
      skillGroup,
      row.priority,
      row.priority_reason ?? null,
      row.service_day,
      row.issued_at,
      row.due_at,
      row.print_status,
      row.resident_id,
      body.agentId ?? null,
      row.id,
      row.appointment_id,
      body.note || null,
      p.staff.id,
      p.staff.displayName,
      now,
      // How the resident was identified goes along: the next agent checks an unverified one too.
      row.identified_by ?? null,
    ],
  );
  return loadTicket(q, id);
}

export async function ticketAction(
  ctx: Ctx,
  principal: Principal | null,
  id: string,
  action: LifecycleAction,
  body: ActionBody,
): Promise<Ticket> {
  const anyone = requireAny(principal);
  const p = action === 'cancel' && anyone.kind === 'station' ? null : requireStaff(principal);
  const result = await ctx.db.tx(async (q) => {
    const row = await loadTicket(q, id);
    assertCentre(anyone, row.centre_id);
    assertTransition(action, row.status);
    const now = ctx.clock().getTime();
    const events: PendingEvent[] = [];
    const touched: TicketRow[] = [row];
    if (action === 'call') {
      mayCall(p!, row);
      // One current ticket at a time, as for call next: a chosen one waits until the current one is done.
      await assertNoCurrent(q, p!.staff.id);
      if (!(await claim(q, id, p!.staff.id, now, await agentCounter(q, p!.staff.id))))
        throw new DoorstepError('TICKET_ALREADY_CALLED', 'already called');
      await writeAudit(q, now, anyone, 'ticket.call', { type: 'ticket', id }, row.centre_id);
      return { ticket: await calledEvents(ctx, q, p!, await loadTicket(q, id)), centreId: row.centre_id };
    }
    if (p && action !== 'cancel') ownTicket(p, row);
    if (action === 'cancel') mayCancel(anyone, row);
    const next = await applyAction(ctx, q, p, row, action, body, now);
    if (next) {
      touched.push(next);
      events.push({
        centreId: next.centre_id,
        type: 'ticket.issued',
        data: { ticket: await present(ctx, q, next) },
      });
    }
    invalidateQueueStats(ctx, row.centre_id); // service times and agents' load changed
    const after = await loadTicket(q, id);
    await writeAudit(
      q,
      now,
      anyone,
      `ticket.${action}`,
      { type: 'ticket', id },
      row.centre_id,
      body ? { ...body } : undefined,
    );
    const ticket = await present(ctx, q, after);
    events.unshift({ centreId: row.centre_id, type: 'ticket.updated', data: { ticket } });
    if (action === 'recall') {
      events.push({
        centreId: row.centre_id,
        type: 'ticket.called',
        data: {
          ticket,
          agentId: p!.staff.id,
          agentName: p!.staff.displayName,
          counter: ticket.counter ?? null,
        },
      });
    }
    await flushTicketEvents(ctx, q, events, touched);
    return { ticket, centreId: row.centre_id };
  });
  ctx.hub.notify([result.centreId]);
  if (p && SETTLING.has(action)) {
    const b = body as Partial<FinishRequest & TransferRequest> | undefined;
    await settled(ctx, {
      ticketId: id,
      channel: result.ticket.channel,
      action: action as TicketSettled['action'],
      outcome: action === 'finish' ? (b?.outcome ?? null) : null,
      note: b?.note || null,
      actorId: p.staff.id,
      system: Boolean(p.system),
    });
  }
  return result.ticket;
}

/**
 * The row change of an action other than call, after its checks; a transfer returns the ticket it
 * issued in the target queue.
 */
async function applyAction(
  ctx: Ctx,
  q: Queryable,
  p: StaffPrincipal | null,
  row: TicketRow,
  action: Exclude<LifecycleAction, 'call'>,
  body: ActionBody,
  now: number,
): Promise<TicketRow | null> {
  const id = row.id;
  const s = ctx.settings.get();
  switch (action) {
    case 'recall':
      await q.run('UPDATE tickets SET recall_count = recall_count + 1, called_at = ? WHERE id = ?', [
        now,
        id,
      ]);
      break;
    case 'start':
      await q.run("UPDATE tickets SET status = 'serving', served_at = ? WHERE id = ?", [now, id]);
      break;
    case 'no-show':
      if (row.recall_count < s.recallsBeforeNoShow) {
        throw new DoorstepError(
          'INVALID_TRANSITION',
          `recall ${s.recallsBeforeNoShow} time(s) before marking no-show`,
        );
      }
      await q.run("UPDATE tickets SET status = 'no_show', finished_at = ? WHERE id = ?", [now, id]);
      break;
    case 'park':
    case 'resume':
      if ((action === 'park') === Boolean(row.parked)) {
        throw new DoorstepError('INVALID_TRANSITION', action === 'park' ? 'already parked' : 'not parked');
      }
      // Resuming makes it the agent's current ticket again: only when they hold no other.
      if (action === 'resume' && row.agent_id) await assertNoCurrent(q, row.agent_id, id);
      await q.run('UPDATE tickets SET parked = ? WHERE id = ?', [action === 'park' ? 1 : 0, id]);
      break;
    case 'finish':
      await q.run(
        "UPDATE tickets SET status = 'done', finished_at = ?, outcome = ?, parked = 0 WHERE id = ?",
        [now, (body as FinishRequest).outcome, id],
      );
      break;
    case 'cancel':
      await q.run("UPDATE tickets SET status = 'cancelled', finished_at = ? WHERE id = ?", [now, id]);
      break;
    case 'transfer':
      return transfer(ctx, q, p!, row, body as TransferRequest, now);
  }
  return null;
}
