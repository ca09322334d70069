import { z } from 'zod';

// The agent's own state: serving queues now, or paused with a reason (counts in wait estimates).

export const AgentStatus = z.enum(['available', 'paused', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatus>;

export const AgentState = z.object({
  staffId: z.string(),
  centreId: z.string(),
  status: AgentStatus,
  pauseReason: z.string().nullable(),
  skillGroups: z.array(z.string()),
  /** The ticket the agent has called or is serving, if any. */
  currentTicketId: z.string().nullable(),
});
export type AgentState = z.infer<typeof AgentState>;

/** POST /api/v1/agents/me/pause: a reason is required (break, training, paperwork …). */
export const PauseRequest = z.object({ reason: z.string().trim().min(1).max(200) });
export type PauseRequest = z.infer<typeof PauseRequest>;

/** POST /api/v1/agents/me/call-next and /agents/me/resume: which centre (default: the first in scope). */
export const AgentCentreRequest = z.object({ centreId: z.string().min(1).optional() });
export type AgentCentreRequest = z.infer<typeof AgentCentreRequest>;
