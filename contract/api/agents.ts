import { z } from 'zod';
import { Bilingual } from '../catalog';
import { CounterLabel } from '../ticket';

// The agent's own state: serving queues now, or paused with a reason (counts in wait estimates); the
// skill groups they serve in this session and the counter (窗口) they sit at.

export const AgentStatus = z.enum(['available', 'paused', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatus>;

export const AgentState = z.object({
  staffId: z.string(),
  centreId: z.string(),
  status: AgentStatus,
  pauseReason: z.string().nullable(),
  /** Every skill group the staff record holds. */
  skillGroups: z.array(z.string()),
  /** The ones "call next" draws from now: a non-empty subset of skillGroups (all by default). */
  activeSkillGroups: z.array(z.string()),
  /** Names of the held skill groups, by id, to show in the console. */
  skillGroupNames: z.record(z.string(), Bilingual),
  /** The counter the agent sits at; window tickets they call send residents there. */
  counter: CounterLabel.nullable(),
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

/**
 * PUT /api/v1/agents/me/session: what this agent serves and where. A field left out keeps its value;
 * `counter: null` (or "") clears the counter. Groups the agent does not hold are a 400 with field errors.
 */
export const AgentSessionRequest = z.object({
  activeSkillGroups: z.array(z.string().min(1)).min(1, 'choose at least one skill group').max(50).optional(),
  counter: z
    .union([z.literal('').transform(() => null), CounterLabel])
    .nullable()
    .optional(),
  centreId: z.string().min(1).optional(),
});
export type AgentSessionRequest = z.infer<typeof AgentSessionRequest>;
