import type { Ctx, Principal } from '../services/context';
import { staffOf } from '../services/staff';
import { onTicketSettled, ticketAction } from '../services/ticket-actions';
import type { VideoPluginOptions } from './plugin';
import { watchCredential } from '../security/live-sockets';
import type { SystemCause, VideoTicketPort, VideoTimers } from './service';

// The plugin's options from the central service's running context: its database, its clock, a
// data key derived from the PII master key (HKDF, its own label; values sealed before key ids under
// the older derivation stay readable), so sealed case data stays readable across restarts and
// instances without a second key to provision and moves with `rotate-key`, and the ticket
// actions the video time limits take on their own (recall, no-show, back to the agent's queue); and,
// the other way, the tickets the ticket service finishes, marks no-show or transfers, whose case the
// video service then closes or settles.

type StaffRow = Parameters<typeof staffOf>[0];

/**
 * The ticket service, acting for the case's agent (the same actions the console takes, with the
 * agent's permissions) but audited as the system with the reason (ring-timeout, reconnect-timeout,
 * call-lost), the agent and the case number in the audit detail.
 */
function ticketPort(ctx: Ctx): VideoTicketPort {
  const as = async (agentId: string, why: SystemCause): Promise<Principal> => {
    const row = await ctx.db.get<StaffRow>('SELECT * FROM staff WHERE id = ?', [agentId]);
    if (!row) throw new Error(`no staff ${agentId}`);
    const { reason, ...detail } = why;
    return { kind: 'staff', staff: staffOf(row), sessionHash: '', csrf: '', system: { reason, detail } };
  };
  return {
    async ringTimedOut(ticketId, agentId, why) {
      const t = await ctx.db.get<{ status: string; recall_count: number }>(
        'SELECT status, recall_count FROM tickets WHERE id = ?',
        [ticketId],
      );
      if (t?.status !== 'called') return null;
      const p = await as(agentId, why);
      // The lifecycle's no-show rule: recallsBeforeNoShow recalls (default 1) first.
      if (Number(t.recall_count) < ctx.settings.get().recallsBeforeNoShow) {
        await ticketAction(ctx, p, ticketId, 'recall', undefined);
        return 'recalled';
      }
      await ticketAction(ctx, p, ticketId, 'no-show', undefined);
      return 'no_show';
    },
    statusUrl: (ticketId, centreId) => `${ctx.publicUrl(centreId)}/t/${ticketId}`,
    async returnToAgent(ticketId, agentId, why) {
      // Same number and issue time, targeted at the agent: the head of that agent's queue.
      await ticketAction(ctx, await as(agentId, why), ticketId, 'transfer', { agentId });
    },
  };
}

export function videoOptionsOf(ctx: Ctx, timers?: VideoTimers): VideoPluginOptions {
  return {
    db: ctx.db,
    now: () => ctx.clock().getTime(),
    key: ctx.pii.videoKeys(),
    watchSocket: (socket, p) => watchCredential(ctx, socket, p),
    tickets: ticketPort(ctx),
    ticketsSettled: (hook) => onTicketSettled(ctx, hook),
    ...(timers ? { timers } : {}),
  };
}
