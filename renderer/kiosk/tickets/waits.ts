import type { Channel } from '../../../contract/catalog';
import type { QueueSummary } from '../../../contract/queue';
import type { WaitEstimate } from '../../../contract/ticket';

// Waiting counts and estimates as the screens show them (domain.md "Tickets": a range, never a promise).

export function waitingFor(queues: readonly QueueSummary[], channel: Channel, itemId?: string): number {
  return queues
    .filter((q) => q.channel === channel && (itemId === undefined || q.itemId === itemId))
    .reduce((sum, q) => sum + q.waiting, 0);
}

export function queueOf(
  queues: readonly QueueSummary[],
  itemId: string,
  channel: Channel,
): QueueSummary | undefined {
  return queues.find((q) => q.itemId === itemId && q.channel === channel);
}

/** Whole minutes for display, the upper bound never below the lower. */
export function estimateRange(e: WaitEstimate | null | undefined): { min: number; max: number } | null {
  if (!e || !e.known) return null;
  const min = Math.floor(e.minMinutes);
  return { min, max: Math.max(min, Math.ceil(e.maxMinutes)) };
}
