import type { PublicBoard, PublicCall, PublicQueue } from '../../contract/fleet';
import type { Channel } from '../../contract/catalog';
import { DoorstepError } from '../../contract/errors';
import { serviceDayOf } from '../domain/time';
import type { Ctx } from '../services/context';
import { queueSummaries } from '../services/queues';

// The hall display's public board: today's latest calls (number and where to go) and the waiting
// counts with estimates. Built from columns that hold nothing personal: no ticket id, no resident,
// no agent name. Anyone may read it, as anyone in the hall can read the screen.

/** Calls shown: the newest large, the others in a grid. */
export const BOARD_CALLS = 9;

interface CallRow {
  number: string;
  channel: Channel;
  called_at: number;
  recall_count: number;
  counter: string | null;
  status: string;
}

export async function boardOf(ctx: Ctx, centreId: string): Promise<PublicBoard> {
  const centre = await ctx.db.get<{ name_zh: string; name_en: string }>(
    'SELECT name_zh, name_en FROM centres WHERE id = ?',
    [centreId],
  );
  if (!centre) throw new DoorstepError('NOT_FOUND', `no centre ${centreId}`);
  const now = ctx.clock().getTime();
  const rows = await ctx.db.all<CallRow>(
    `SELECT number, channel, called_at, recall_count, counter, status FROM tickets
     WHERE centre_id = ? AND service_day = ? AND called_at IS NOT NULL AND status IN ('called', 'serving', 'done')
     ORDER BY called_at DESC, number LIMIT ?`,
    [centreId, serviceDayOf(now), BOARD_CALLS],
  );
  const calls: PublicCall[] = rows.map((r) => {
    const calledAt = new Date(Number(r.called_at)).toISOString();
    return {
      key: `${r.number}@${calledAt}#${Number(r.recall_count)}`,
      number: r.number,
      channel: r.channel,
      // The counter the calling agent gave (PUT /agents/me/session); without one, "to the windows".
      destination: r.channel === 'video' ? { kind: 'video' } : { kind: 'window', window: r.counter ?? null },
      calledAt,
      recallCount: Number(r.recall_count),
      calling: r.status === 'called',
    };
  });
  const queues: PublicQueue[] = (await queueSummaries(ctx, ctx.db, centreId))
    .filter((q) => q.waiting > 0)
    .sort((a, b) => b.waiting - a.waiting || a.itemId.localeCompare(b.itemId))
    .map((q) => ({
      itemId: q.itemId,
      itemName: q.itemName,
      channel: q.channel,
      waiting: q.waiting,
      estimate: q.estimate,
    }));
  return {
    centreId,
    centreName: { zh: centre.name_zh, en: centre.name_en },
    serverTime: new Date(now).toISOString(),
    calls,
    queues,
  };
}
