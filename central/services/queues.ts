import type { QueueSummary } from '../../contract/queue';
import type { Channel } from '../../contract/catalog';
import type { WaitEstimate } from '../../contract/ticket';
import type { Queryable } from '../db/db';
import { jsonOf } from '../db/db';
import { estimateWait } from '../domain/estimate';
import { orderForCall } from '../domain/ordering';
import type { Ctx } from './context';
import { orderable } from './ticket-rows';

// Waiting counts and estimates (等候人数, 预计等候). A queue is one item on one channel in one
// centre; agents serving it are those available in the centre with the item's skill group.

const RECENT_MS = 2 * 3600_000;

/** Agents available now in a centre, per skill group. */
export async function agentsBySkill(q: Queryable, centreId: string): Promise<Map<string, number>> {
  const rows = await q.all<{ skill_groups: string }>(
    `SELECT s.skill_groups FROM agent_states a JOIN staff s ON s.id = a.staff_id
     WHERE a.centre_id = ? AND a.status = 'available'`,
    [centreId],
  );
  const out = new Map<string, number>();
  for (const r of rows)
    for (const g of jsonOf<string[]>(r.skill_groups, [])) out.set(g, (out.get(g) ?? 0) + 1);
  return out;
}

/** Mean service minutes of recently finished tickets, per item (the setting's default when none). */
async function meanServiceByItem(q: Queryable, centreId: string, now: number): Promise<Map<string, number>> {
  const rows = await q.all<{ item_id: string; avg_ms: number }>(
    `SELECT item_id, AVG(finished_at - served_at) AS avg_ms FROM tickets
     WHERE centre_id = ? AND status = 'done' AND finished_at >= ? AND served_at IS NOT NULL GROUP BY item_id`,
    [centreId, now - RECENT_MS],
  );
  return new Map(rows.map((r) => [r.item_id, Number(r.avg_ms) / 60_000]));
}

export async function queueSummaries(
  ctx: Ctx,
  q: Queryable,
  centreId: string,
  only?: { itemId: string; channel: Channel },
): Promise<QueueSummary[]> {
  const now = ctx.clock().getTime();
  const counts = await q.all<{ item_id: string; channel: Channel; n: number }>(
    only
      ? `SELECT item_id, channel, COUNT(*) AS n FROM tickets
         WHERE centre_id = ? AND status = 'waiting' AND item_id = ? AND channel = ? GROUP BY item_id, channel`
      : `SELECT item_id, channel, COUNT(*) AS n FROM tickets
         WHERE centre_id = ? AND status = 'waiting' GROUP BY item_id, channel`,
    only ? [centreId, only.itemId, only.channel] : [centreId],
  );
  const waiting = new Map(counts.map((c) => [`${c.item_id}/${c.channel}`, Number(c.n)]));
  const agents = await agentsBySkill(q, centreId);
  const means = await meanServiceByItem(q, centreId, now);
  const fallback = ctx.settings.get().defaultServiceMinutes;
  const items = only ? [ctx.catalog.get(only.itemId)] : ctx.catalog.list();
  const out: QueueSummary[] = [];
  for (const item of items) {
    for (const channel of item.channels) {
      if (only && channel !== only.channel) continue;
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
  t: { id: string; centre_id: string; item_id: string; channel: Channel; skill_group: string },
): Promise<{ ahead: number; estimate: WaitEstimate }> {
  const now = ctx.clock().getTime();
  const rows = await q.all<Parameters<typeof orderable>[0]>(
    `SELECT id, priority, issued_at, due_at, seq FROM tickets
     WHERE centre_id = ? AND status = 'waiting' AND item_id = ? AND channel = ?`,
    [t.centre_id, t.item_id, t.channel],
  );
  const ordered = orderForCall(rows.map(orderable), now, ctx.settings.get().ordering);
  const ahead = Math.max(
    0,
    ordered.findIndex((r) => r.id === t.id),
  );
  const agents = (await agentsBySkill(q, t.centre_id)).get(t.skill_group) ?? 0;
  const means = await meanServiceByItem(q, t.centre_id, now);
  const mean = means.get(t.item_id) ?? ctx.settings.get().defaultServiceMinutes;
  return { ahead, estimate: estimateWait(ahead, mean, agents) };
}
