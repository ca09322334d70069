import type { QueueSummary } from '../../contract/queue';
import type { Channel } from '../../contract/catalog';
import type { WaitEstimate } from '../../contract/ticket';
import type { Queryable } from '../db/db';
import { jsonOf } from '../db/db';
import { estimateWait } from '../domain/estimate';
import { rankOf, rankSql } from '../domain/ordering';
import type { Ctx } from './context';
import { orderable, type TicketRow } from './ticket-rows';

// Waiting counts and estimates (等候人数, 预计等候). A queue is one item on one channel in one
// centre; agents serving it are those available in the centre with the item's skill group among the
// groups they serve now (their active groups, PUT /agents/me/session).

const RECENT_MS = 2 * 3600_000;

// Agents on duty and recent service times change far less often than tickets are issued: they are
// cached per centre for a moment and dropped whenever an agent or a served ticket changes there.
const STATS_TTL_MS = 2000;
const statsCache = new WeakMap<object, Map<string, { until: number; value: unknown }>>();

async function cached<T>(ctx: Ctx, key: string, load: () => Promise<T>): Promise<T> {
  let m = statsCache.get(ctx.db);
  if (!m) statsCache.set(ctx.db, (m = new Map()));
  const hit = m.get(key);
  const now = Date.now();
  if (hit && hit.until > now) return hit.value as T;
  const value = await load();
  m.set(key, { until: now + STATS_TTL_MS, value });
  return value;
}

/** Forgets the cached agents and service times of a centre (after a change there). */
export function invalidateQueueStats(ctx: Ctx, centreId: string): void {
  const m = statsCache.get(ctx.db);
  if (!m) return;
  for (const k of m.keys()) if (k.startsWith(`${centreId}|`)) m.delete(k);
}

/**
 * The skill groups an agent serves now: the chosen (active) ones the staff record still holds; all held
 * groups when none was chosen (or an admin has since taken every chosen one away).
 */
export function servedGroups(held: readonly string[], chosen: readonly string[] | null): string[] {
  const active = chosen ? held.filter((g) => chosen.includes(g)) : [];
  return active.length > 0 ? active : [...held];
}

/** Agents available now in a centre, per skill group they serve now (their active groups). */
export function agentsBySkill(ctx: Ctx, q: Queryable, centreId: string): Promise<Map<string, number>> {
  return cached(ctx, `${centreId}|agents`, () => loadAgentsBySkill(q, centreId));
}

async function loadAgentsBySkill(q: Queryable, centreId: string): Promise<Map<string, number>> {
  const rows = await q.all<{ skill_groups: string; active_skill_groups: string | null }>(
    `SELECT s.skill_groups, a.active_skill_groups FROM agent_states a JOIN staff s ON s.id = a.staff_id
     WHERE a.centre_id = ? AND a.status = 'available'`,
    [centreId],
  );
  const out = new Map<string, number>();
  for (const r of rows) {
    const held = jsonOf<string[]>(r.skill_groups, []);
    for (const g of servedGroups(held, jsonOf<string[] | null>(r.active_skill_groups, null)))
      out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Mean service minutes of recently finished tickets, per item (the setting's default when none). */
function meanServiceByItem(
  ctx: Ctx,
  q: Queryable,
  centreId: string,
  now: number,
  itemId?: string,
): Promise<Map<string, number>> {
  return cached(ctx, `${centreId}|mean|${itemId ?? '*'}`, () =>
    loadMeanServiceByItem(q, centreId, now, itemId),
  );
}

async function loadMeanServiceByItem(
  q: Queryable,
  centreId: string,
  now: number,
  itemId?: string,
): Promise<Map<string, number>> {
  const rows = await q.all<{ item_id: string; avg_ms: number }>(
    `SELECT item_id, AVG(finished_at - served_at) AS avg_ms FROM tickets
     WHERE centre_id = ? AND status = 'done' AND finished_at >= ? AND served_at IS NOT NULL
     ${itemId ? 'AND item_id = ?' : ''} GROUP BY item_id`,
    itemId ? [centreId, now - RECENT_MS, itemId] : [centreId, now - RECENT_MS],
  );
  return new Map(rows.map((r) => [r.item_id, Number(r.avg_ms) / 60_000]));
}

/** One queue's summary and its mean service time (for estimating a ticket's own wait). */
export async function singleQueue(
  ctx: Ctx,
  q: Queryable,
  centreId: string,
  itemId: string,
  channel: Channel,
): Promise<{ summary: QueueSummary; mean: number }> {
  const row = await q.get<{ n: number }>(WAITING_SQL, [centreId, itemId, channel]);
  return queueOf(ctx, q, centreId, itemId, channel, Number(row?.n ?? 0));
}

/** Tickets waiting in one queue (read from the tickets_by_queue index). */
export const WAITING_SQL = `SELECT COUNT(*) AS n FROM tickets WHERE centre_id = ? AND item_id = ? AND channel = ? AND status = 'waiting'`;

/** A queue's summary from its waiting count (agents and service times come from the short cache). */
export async function queueOf(
  ctx: Ctx,
  q: Queryable,
  centreId: string,
  itemId: string,
  channel: Channel,
  waiting: number,
): Promise<{ summary: QueueSummary; mean: number }> {
  const now = ctx.clock().getTime();
  const item = ctx.catalog.get(itemId);
  const agents = (await agentsBySkill(ctx, q, centreId)).get(item.skillGroup) ?? 0;
  const mean =
    (await meanServiceByItem(ctx, q, centreId, now, itemId)).get(itemId) ??
    ctx.settings.get().defaultServiceMinutes;
  return {
    mean,
    summary: {
      centreId,
      itemId,
      itemName: item.name,
      channel,
      skillGroup: item.skillGroup,
      waiting,
      agentsServing: agents,
      estimate: estimateWait(waiting, mean, agents),
    },
  };
}

/**
 * Counting the tickets ahead of a ticket about to be issued now into a queue: those ranked lower, and
 * those of the same rank issued up to now (each took its number before this one, so a tie on the
 * issue time breaks the same way). The answer `positionOf` gives once the ticket exists.
 *
 * The rank of a waiting ticket follows from its priority and, for the others, from whether it was
 * issued before the starvation limit, so the count is a sum of ranges of the tickets_waiting_rank
 * index (priority, issued_at): no row of the queue is read or ranked one by one except appointments.
 */
export function aheadOfNewSql(
  ctx: Ctx,
  t: Pick<TicketRow, 'centre_id' | 'item_id' | 'channel' | 'priority' | 'due_at'>,
  now: number,
): { sql: string; params: Array<string | number> } {
  const w = ctx.settings.get().ordering;
  const mine = rankOf({ id: '', priority: t.priority, issuedAt: now, dueAt: t.due_at }, now, w);
  const agedBefore = now - w.starvationMinutes * 60_000; // issued at or before: aged
  // The latest issue time of a ticket of rank r that is ahead: any (r < mine), up to now (same), none.
  const upTo = (r: number) => (r < mine ? Infinity : r === mine ? now : null);
  const queue = `FROM tickets WHERE centre_id = ? AND item_id = ? AND channel = ? AND status = 'waiting'`;
  const keys = [t.centre_id, t.item_id, t.channel];
  const parts: string[] = [];
  const params: Array<string | number> = [];
  const count = (where: string, ...values: Array<string | number>) => {
    parts.push(`(SELECT COUNT(*) ${queue} AND ${where})`);
    params.push(...keys, ...values);
  };
  const prio = upTo(w.priorityRank);
  if (prio === Infinity) count("priority = 'priority'");
  else if (prio !== null) count("priority = 'priority' AND issued_at <= ?", prio);
  const aged = upTo(Math.min(w.agedRank, w.normalRank));
  if (aged !== null) count("priority = 'normal' AND issued_at <= ?", Math.min(agedBefore, aged));
  const fresh = upTo(w.normalRank);
  if (fresh === Infinity) count("priority = 'normal' AND issued_at > ?", agedBefore);
  else if (fresh !== null)
    count("priority = 'normal' AND issued_at > ? AND issued_at <= ?", agedBefore, fresh);
  // Appointments (few) are ranked one by one: due ones have their own rank, the others rank as normal.
  const rank = rankSql(now, w);
  count(
    `priority = 'appointment' AND (${rank.sql} < ? OR (${rank.sql} = ? AND issued_at <= ?))`,
    ...rank.params,
    mine,
    ...rank.params,
    mine,
    now,
  );
  return { sql: `SELECT ${parts.join(' + ')} AS n`, params };
}

/** The estimate of a ticket with `ahead` tickets before it in its queue. */
export async function estimateFor(
  ctx: Ctx,
  q: Queryable,
  t: Pick<TicketRow, 'centre_id' | 'item_id' | 'skill_group'>,
  ahead: number,
): Promise<WaitEstimate> {
  const now = ctx.clock().getTime();
  const agents = (await agentsBySkill(ctx, q, t.centre_id)).get(t.skill_group) ?? 0;
  const means = await meanServiceByItem(ctx, q, t.centre_id, now, t.item_id);
  const mean = means.get(t.item_id) ?? ctx.settings.get().defaultServiceMinutes;
  return estimateWait(ahead, mean, agents);
}

export async function queueSummaries(
  ctx: Ctx,
  q: Queryable,
  centreId: string,
  only?: { itemId: string; channel: Channel },
): Promise<QueueSummary[]> {
  if (only) return [(await singleQueue(ctx, q, centreId, only.itemId, only.channel)).summary];
  const now = ctx.clock().getTime();
  const counts = await q.all<{ item_id: string; channel: Channel; n: number }>(
    `SELECT item_id, channel, COUNT(*) AS n FROM tickets
     WHERE centre_id = ? AND status = 'waiting' GROUP BY item_id, channel`,
    [centreId],
  );
  const waiting = new Map(counts.map((c) => [`${c.item_id}/${c.channel}`, Number(c.n)]));
  const agents = await agentsBySkill(ctx, q, centreId);
  const means = await meanServiceByItem(ctx, q, centreId, now);
  const fallback = ctx.settings.get().defaultServiceMinutes;
  const out: QueueSummary[] = [];
  for (const item of ctx.catalog.list()) {
    for (const channel of item.channels) {
      const n = waiting.get(`${item.id}/${channel}`) ?? 0;
      const serving = agents.get(item.skillGroup) ?? 0;
      out.push({
        centreId,
        itemId: item.id,
        itemName: item.name,
        channel,
        skillGroup: item.skillGroup,
        waiting: n,
        agentsServing: serving,
        estimate: estimateWait(n, means.get(item.id) ?? fallback, serving),
      });
    }
  }
  return out;
}

/** Tickets ahead of a waiting ticket in its queue (by the call order) and its estimate. */
export async function positionOf(
  ctx: Ctx,
  q: Queryable,
  t: Pick<
    TicketRow,
    'id' | 'centre_id' | 'item_id' | 'channel' | 'skill_group' | 'priority' | 'issued_at' | 'due_at' | 'seq'
  >,
): Promise<{ ahead: number; estimate: WaitEstimate }> {
  const now = ctx.clock().getTime();
  const weights = ctx.settings.get().ordering;
  const me = orderable(t);
  const rank = rankSql(now, weights);
  // Ahead = ranked lower, or the same rank and earlier (issue time, then sequence, then id).
  const row = await q.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM (
       SELECT ${rank.sql} AS r, issued_at, seq, id FROM tickets
       WHERE centre_id = ? AND status = 'waiting' AND item_id = ? AND channel = ? AND id <> ?) x
     WHERE r < ? OR (r = ? AND (issued_at < ? OR (issued_at = ? AND (seq < ? OR (seq = ? AND id < ?)))))`,
    [
      ...rank.params,
      t.centre_id,
      t.item_id,
      t.channel,
      t.id,
      rankOf(me, now, weights),
      rankOf(me, now, weights),
      me.issuedAt,
      me.issuedAt,
      me.seq,
      me.seq,
      me.id,
    ],
  );
  const ahead = Number(row?.n ?? 0);
  return { ahead, estimate: await estimateFor(ctx, q, t, ahead) };
}
