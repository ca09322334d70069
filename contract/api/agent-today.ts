import { z } from 'zod';

/**
 * GET /api/v1/agents/me/today: the signed-in agent's own figures for today's service day
 * (Asia/Shanghai), shown in the console's agent bar.
 */
export const AgentToday = z.object({
  serviceDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Tickets this agent finished today (any outcome; no-shows and transfers not counted). */
  served: z.number().int().nonnegative(),
  /** Mean time from start of service to finish, in whole seconds; null before the first one. */
  avgServiceSeconds: z.number().int().nonnegative().nullable(),
  /** Residents' ratings of this agent's video cases today (1–5); average null when none. */
  ratings: z.object({
    count: z.number().int().nonnegative(),
    average: z.number().min(1).max(5).nullable(),
  }),
});
export type AgentToday = z.infer<typeof AgentToday>;
