import type { AgentSessionRequest, AgentState } from '../../contract/api/agents';
import type { MyTickets, TransferAgent, TransferTargets } from '../../contract/api/tickets';
import { DoorstepError } from '../../contract/errors';
import type { Ticket } from '../../contract/ticket';
import { jsonOf, type Queryable } from '../db/db';
import { rankSql } from '../domain/ordering';
import {
  type Ctx,
  type PendingEvent,
  type Principal,
  assertCentre,
  requireStaff,
  writeAudit,
} from './context';
import { flushTicketEvents, loadTicket, present } from './tickets';
import { invalidateQueueStats, servedGroups } from './queues';
import { TICKET_COLUMNS, type TicketRow } from './ticket-rows';

// The agent side: their state (available / paused with a reason), the session choices kept with it (the
// skill groups served now, the counter sat at; they survive a reload and a new sign-in), and "call next",
// which draws from the active groups only. Call next never
// gives one ticket to two agents: the candidate is claimed with a conditional UPDATE … WHERE
// status = 'waiting' (SQLite transactions are serialized anyway); on PostgreSQL a candidate row
// locked by a concurrent caller is skipped (FOR UPDATE SKIP LOCKED) instead of waited for.

type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

export function agentCentre(p: StaffPrincipal, centreId?: string): string {
  const c = centreId ?? p.staff.centreIds[0];
  if (!c || !p.staff.centreIds.includes(c))
    throw new DoorstepError('FORBIDDEN', `not allowed for centre ${c}`);
  return c;
}

/** The ticket the agent has called or is serving (not parked), if any. */
export async function currentTicketId(q: Queryable, staffId: string): Promise<string | null> {
  const row = await q.get<{ id: string }>(
    "SELECT id FROM tickets WHERE agent_id = ? AND status IN ('called', 'serving') AND parked = 0 LIMIT 1",
    [staffId],
  );
  return row?.id ?? null;
}

/**
 * 409 while the agent holds a called or serving (unparked) ticket other than `exceptId`: one current
 * ticket at a time, whether it comes by call next, as a ticket chosen out of order or as a parked one
 * resumed. On PostgreSQL the agent's own calls are serialized first (a transaction-scoped advisory lock
 * on the agent), so two calls at once cannot both find the agent free; SQLite transactions are
 * serialized anyway.
 */
export async function assertNoCurrent(q: Queryable, staffId: string, exceptId?: string): Promise<void> {
  if (q.kind === 'postgres') await q.run('SELECT pg_advisory_xact_lock(727008, hashtext(?))', [staffId]);
  const current = await currentTicketId(q, staffId);
  if (current && current !== exceptId) {
    throw new DoorstepError('INVALID_TRANSITION', 'finish, park or transfer the current ticket first');
  }
}

interface StateRow {
  centre_id: string;
  status: AgentState['status'];
  pause_reason: string | null;
  active_skill_groups: string | null;
  counter: string | null;
}

function readState(q: Queryable, staffId: string): Promise<StateRow | undefined> {
  return q.get<StateRow>(
    'SELECT centre_id, status, pause_reason, active_skill_groups, counter FROM agent_states WHERE staff_id = ?',
    [staffId],
  );
}

/**
 * The groups "call next" draws from: the chosen ones the staff record still holds; all held groups
 * when none was chosen (or an admin has since taken every chosen one away).
 */
function activeGroups(p: StaffPrincipal, row: Pick<StateRow, 'active_skill_groups'> | undefined): string[] {
  return servedGroups(p.staff.skillGroups, jsonOf<string[] | null>(row?.active_skill_groups, null));
}

async function groupNames(q: Queryable, ids: readonly string[]): Promise<AgentState['skillGroupNames']> {
  if (ids.length === 0) return {};
  const rows = await q.all<{ id: string; name_zh: string; name_en: string }>(
    `SELECT id, name_zh, name_en FROM skill_groups WHERE id IN (${ids.map(() => '?').join(', ')})`,
    [...ids],
  );
  const names: AgentState['skillGroupNames'] = {};
  for (const id of ids) {
    const r = rows.find((x) => x.id === id);
    names[id] = r ? { zh: r.name_zh, en: r.name_en } : { zh: id, en: id };
  }
  return names;
}

export async function agentState(ctx: Ctx, p: StaffPrincipal, q: Queryable = ctx.db): Promise<AgentState> {
  const row = await readState(q, p.staff.id);
  return {
    staffId: p.staff.id,
    centreId: row?.centre_id ?? p.staff.centreIds[0] ?? '',
    status: row?.status ?? 'offline',
    pauseReason: row?.pause_reason ?? null,
    skillGroups: p.staff.skillGroups,
    activeSkillGroups: activeGroups(p, row),
    skillGroupNames: await groupNames(q, p.staff.skillGroups),
    counter: row?.counter ?? null,
    currentTicketId: await currentTicketId(q, p.staff.id),
  };
}

async function setState(
  ctx: Ctx,
  q: Queryable,
  p: StaffPrincipal,
  centreId: string,
  status: AgentState['status'],
  reason: string | null,
): Promise<void> {
  await q.run(
    `INSERT INTO agent_states (staff_id, centre_id, status, pause_reason, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (staff_id) DO UPDATE SET centre_id = excluded.centre_id, status = excluded.status,
       pause_reason = excluded.pause_reason, updated_at = excluded.updated_at`,
    [p.staff.id, centreId, status, reason, ctx.clock().getTime()],
  );
  invalidateQueueStats(ctx, centreId);
}

/** Pause (reason required) or resume (available) an agent; queues' estimates change with it. */
export async function setAgentStatus(
  ctx: Ctx,
  principal: Principal | null,
  status: 'available' | 'paused' | 'offline',
  reason: string | null,
  centreId?: string,
): Promise<AgentState> {
  const p = requireStaff(principal, ['agent', 'supervisor']);
  const centre = agentCentre(p, centreId);
  const state = await ctx.db.tx(async (q) => {
    await setState(ctx, q, p, centre, status, reason);
    await writeAudit(
      q,
      ctx.clock().getTime(),
      p,
      `agent.${status}`,
      { type: 'staff', id: p.staff.id },
      centre,
      reason ? { reason } : undefined,
    );
    const events: PendingEvent[] = [];
    const queues = ctx.catalog
      .list()
      .filter((i) => p.staff.skillGroups.includes(i.skillGroup))
      .flatMap((i) => i.channels.map((channel) => ({ centre_id: centre, item_id: i.id, channel })));
    await flushTicketEvents(ctx, q, events, queues);
    return agentState(ctx, p, q);
  });
  ctx.hub.notify([centre]);
  return state;
}

/**
 * Sets the skill groups the agent serves now and/or the counter they sit at (PUT /agents/me/session).
 * Kept in agent_states beside the status, so a reload or a new sign-in finds them again.
 */
export async function setAgentSession(
  ctx: Ctx,
  principal: Principal | null,
  body: AgentSessionRequest,
): Promise<AgentState> {
  const p = requireStaff(principal, ['agent', 'supervisor']);
  const centre = agentCentre(p, body.centreId);
  const groups = body.activeSkillGroups ? [...new Set(body.activeSkillGroups)] : undefined;
  const foreign = (body.activeSkillGroups ?? [])
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => !p.staff.skillGroups.includes(g));
  if (foreign.length > 0) {
    throw new DoorstepError(
      'VALIDATION_FAILED',
      `not your skill group(s): ${foreign.map((f) => f.g).join(', ')}`,
      foreign.map((f) => ({
        path: `activeSkillGroups.${f.i}`,
        message: `${f.g} is not one of your skill groups`,
      })),
    );
  }
  const { state, available } = await ctx.db.tx(async (q) => {
    const now = ctx.clock().getTime();
    const before = await readState(q, p.staff.id);
    const activeJson = groups ? JSON.stringify(groups) : (before?.active_skill_groups ?? null);
    const counter = body.counter === undefined ? (before?.counter ?? null) : body.counter;
    await q.run(
      `INSERT INTO agent_states (staff_id, centre_id, status, pause_reason, updated_at, active_skill_groups, counter)
       VALUES (?, ?, 'offline', NULL, ?, ?, ?)
       ON CONFLICT (staff_id) DO UPDATE SET active_skill_groups = excluded.active_skill_groups,
         counter = excluded.counter, updated_at = excluded.updated_at`,
      [p.staff.id, centre, now, activeJson, counter],
    );
    await writeAudit(
      q,
      now,
      p,
      'agent.session',
      { type: 'staff', id: p.staff.id },
      before?.centre_id ?? centre,
      {
        activeSkillGroups: activeGroups(p, { active_skill_groups: activeJson }),
        counter,
      },
    );
    // An available agent who changes groups changes the estimates of the queues of those groups.
    const available = before?.status === 'available' ? before.centre_id : null;
    if (available) {
      const centreNow = available;
      invalidateQueueStats(ctx, centreNow);
      const was = activeGroups(p, before);
      const is = activeGroups(p, { active_skill_groups: activeJson });
      const changed = p.staff.skillGroups.filter((g) => was.includes(g) !== is.includes(g));
      const queues = ctx.catalog
        .list()
        .filter((i) => changed.includes(i.skillGroup))
        .flatMap((i) => i.channels.map((channel) => ({ centre_id: centreNow, item_id: i.id, channel })));
      await flushTicketEvents(ctx, q, [], queues);
    }
    return { state: await agentState(ctx, p, q), available };
  });
  if (available) {
    invalidateQueueStats(ctx, available); // a reader between the change and its commit cached the old count
    ctx.hub.notify([available]);
  }
  return state;
}

/** The counter (窗口) the agent sits at, if they gave one. */
export async function agentCounter(q: Queryable, staffId: string): Promise<string | null> {
  const row = await q.get<{ counter: string | null }>('SELECT counter FROM agent_states WHERE staff_id = ?', [
    staffId,
  ]);
  return row?.counter ?? null;
}

/**
 * Claims one ticket for the agent; false when another caller got it first. A window ticket records the
 * agent's counter (the hall display sends the resident there); a video ticket has none.
 */
export async function claim(
  q: Queryable,
  ticketId: string,
  staffId: string,
  now: number,
  counter: string | null = null,
): Promise<boolean> {
  if (q.kind === 'postgres') {
    const free = await q.get(
      "SELECT id FROM tickets WHERE id = ? AND status = 'waiting' FOR UPDATE SKIP LOCKED",
      [ticketId],
    );
    if (!free) return false;
  }
  const n = await q.run(
    `UPDATE tickets SET status = 'called', agent_id = ?, target_agent_id = NULL, called_at = ?, recall_count = 0,
       counter = CASE WHEN channel = 'window' THEN ? ELSE NULL END
     WHERE id = ? AND status = 'waiting'`,
    [staffId, now, counter, ticketId],
  );
  return n === 1;
}

export async function calledEvents(
  ctx: Ctx,
  q: Queryable,
  p: StaffPrincipal,
  row: TicketRow,
): Promise<Ticket> {
  const ticket = await present(ctx, q, row);
  await flushTicketEvents(
    ctx,
    q,
    [
      {
        centreId: row.centre_id,
        type: 'ticket.called',
        data: {
          ticket,
          agentId: p.staff.id,
          agentName: p.staff.displayName,
          counter: ticket.counter ?? null,
        },
      },
    ],
    [row],
  );
  return ticket;
}

export async function callNext(
  ctx: Ctx,
  principal: Principal | null,
  centreId?: string,
): Promise<Ticket | null> {
  const p = requireStaff(principal, ['agent', 'supervisor']);
  const centre = agentCentre(p, centreId);
  const ticket = await ctx.db.tx(async (q) => {
    const state = await readState(q, p.staff.id);
    const groups = activeGroups(p, state); // the groups chosen for this session, not all held
    if (state?.status === 'paused')
      throw new DoorstepError('INVALID_TRANSITION', 'resume before calling next');
    await assertNoCurrent(q, p.staff.id);
    if (state?.status !== 'available') await setState(ctx, q, p, centre, 'available', null);
    const now = ctx.clock().getTime();
    const marks = groups.map(() => '?').join(', ') || "''";
    const rank = rankSql(now, ctx.settings.get().ordering);
    // Candidates in call order, a page at a time; one claimed by a concurrent caller is skipped.
    for (let offset = 0; ; offset += 60) {
      const page = await q.all<{ id: string }>(
        `SELECT id FROM tickets WHERE centre_id = ? AND status = 'waiting'
         AND ((target_agent_id IS NULL AND skill_group IN (${marks})) OR target_agent_id = ?)
         ORDER BY ${rank.sql}, issued_at, seq, id LIMIT 60 OFFSET ?`,
        [centre, ...groups, p.staff.id, ...rank.params, offset],
      );
      for (const cand of page) {
        if (!(await claim(q, cand.id, p.staff.id, now, state?.counter ?? null))) continue;
        await writeAudit(q, now, p, 'ticket.call_next', { type: 'ticket', id: cand.id }, centre);
        return calledEvents(ctx, q, p, await loadTicket(q, cand.id));
      }
      if (page.length < 60) break;
    }
    return null;
  });
  ctx.hub.notify([centre]);
  return ticket;
}

/**
 * The agent's own open tickets (GET /agents/me/tickets): the one called or served now and the parked
 * ones, whatever their service day, so the console finds them again after a reload.
 */
export async function myTickets(ctx: Ctx, principal: Principal | null): Promise<MyTickets> {
  const p = requireStaff(principal);
  const rows = await ctx.db.all<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE agent_id = ? AND status IN ('called', 'serving')
     ORDER BY called_at, id LIMIT 100`,
    [p.staff.id],
  );
  const tickets = [];
  for (const r of rows) tickets.push(await present(ctx, ctx.db, r));
  return { tickets };
}

const STATUS_RANK: Record<TransferAgent['status'], number> = { available: 0, paused: 1, offline: 2 };

/**
 * Where a ticket of the centre can go (GET /centres/{id}/transfer-targets): its active agents and
 * supervisors with their state (signed in, available / paused / offline, counter), at work first, and
 * every skill group with its bilingual name.
 */
export async function transferTargets(
  ctx: Ctx,
  principal: Principal | null,
  centreId: string,
): Promise<TransferTargets> {
  const p = requireStaff(principal);
  assertCentre(p, centreId);
  const now = ctx.clock().getTime();
  const rows = await ctx.db.all<{
    id: string;
    display_name: string;
    role: string;
    centre_ids: string;
    skill_groups: string;
    status: TransferAgent['status'] | null;
    counter: string | null;
    signed_in: number | string | null;
  }>(
    `SELECT s.id, s.display_name, s.role, s.centre_ids, s.skill_groups, a.status, a.counter,
       (SELECT COUNT(*) FROM sessions x WHERE x.staff_id = s.id AND x.expires_at > ?) AS signed_in
     FROM staff s LEFT JOIN agent_states a ON a.staff_id = s.id
     WHERE s.active = 1 AND s.role IN ('agent', 'supervisor')
     ORDER BY s.display_name, s.id`,
    [now],
  );
  const agents: TransferAgent[] = rows
    .filter((r) => jsonOf<string[]>(r.centre_ids, []).includes(centreId))
    .map((r) => ({
      id: r.id,
      displayName: r.display_name,
      role: r.role as TransferAgent['role'],
      status: r.status ?? 'offline',
      signedIn: Number(r.signed_in ?? 0) > 0,
      skillGroups: jsonOf<string[]>(r.skill_groups, []),
      counter: r.counter,
    }))
    .sort((a, b) => Number(b.signedIn) - Number(a.signedIn) || STATUS_RANK[a.status] - STATUS_RANK[b.status]);
  const groups = await ctx.db.all<{ id: string; name_zh: string; name_en: string }>(
    'SELECT id, name_zh, name_en FROM skill_groups ORDER BY id',
  );
  return {
    agents,
    skillGroups: groups.map((g) => ({ id: g.id, name: { zh: g.name_zh, en: g.name_en } })),
  };
}
