import { z } from 'zod';
import { Bilingual, Channel } from './catalog';
import { WaitEstimate } from './ticket';

// Waiting counts and estimates per queue (等候人数), shown on kiosks, displays and dashboards.
export const QueueSummary = z.object({
  centreId: z.string(),
  itemId: z.string(),
  itemName: Bilingual,
  channel: Channel,
  skillGroup: z.string(),
  waiting: z.number().int().nonnegative(),
  /** Agents serving this queue now (available or serving, not paused). */
  agentsServing: z.number().int().nonnegative(),
  /** Estimate for a ticket issued now: tickets ahead × recent mean service time ÷ agents serving. */
  estimate: WaitEstimate,
});
export type QueueSummary = z.infer<typeof QueueSummary>;
