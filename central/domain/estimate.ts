import type { WaitEstimate } from '../../contract/ticket';

// Estimated wait (domain.md "Tickets"): tickets ahead × recent mean service time ÷ agents serving that
// queue now, shown as a range (0.8× to 1.2×), never a promise; unknown when nobody serves the queue.

export const ESTIMATE_LOW = 0.8;
export const ESTIMATE_HIGH = 1.2;

export function estimateWait(ahead: number, meanServiceMinutes: number, agentsServing: number): WaitEstimate {
  if (agentsServing <= 0) return { known: false };
  const mid = (ahead * meanServiceMinutes) / agentsServing;
  return {
    known: true,
    minMinutes: Math.floor(mid * ESTIMATE_LOW),
    maxMinutes: Math.ceil(mid * ESTIMATE_HIGH),
  };
}
