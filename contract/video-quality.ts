import { z } from 'zod';

// Call quality (issue 19): the state both screens show, and what the agent's side reports to central
// for the case (timeline `quality`), so reports can tell calls on a poor link apart.

export const QualityState = z.enum(['good', 'poor', 'very-poor']);
export type QualityState = z.infer<typeof QualityState>;

const pct = z.number().min(0).max(100).nullable();

/**
 * POST /api/v1/video/cases/{id}/quality, by the case's agent: sent when the state changes and once at
 * the end of the call (`final`), with the figures over the last window and the seconds spent in each
 * state so far.
 */
export const QualityReport = z.object({
  state: QualityState,
  final: z.boolean().default(false),
  /** Worst loss over the window, either direction, audio or video. */
  lossPct: pct,
  freezePct: pct,
  concealedPct: pct,
  rttMs: z.number().int().min(0).max(60_000).nullable(),
  seconds: z.object({
    good: z.number().int().min(0).max(86_400),
    poor: z.number().int().min(0).max(86_400),
    veryPoor: z.number().int().min(0).max(86_400),
    audioOnly: z.number().int().min(0).max(86_400),
  }),
});
export type QualityReport = z.input<typeof QualityReport>;
