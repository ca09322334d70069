import { DoorstepError } from '../../contract/errors';
import type { TicketStatus } from '../../contract/ticket';

// The ticket lifecycle (domain.md): waiting → called → serving → done, side exits no_show,
// cancelled, transferred. Each agent action names the states it may start from; anything else is a
// 409 INVALID_TRANSITION (e.g. calling a finished ticket).

export type LifecycleAction =
  'call' | 'recall' | 'start' | 'no-show' | 'transfer' | 'park' | 'resume' | 'finish' | 'cancel';

export const ALLOWED_FROM: Record<LifecycleAction, readonly TicketStatus[]> = {
  call: ['waiting'],
  recall: ['called'],
  start: ['called'],
  'no-show': ['called'],
  transfer: ['waiting', 'called', 'serving'],
  park: ['serving'],
  resume: ['serving'],
  finish: ['serving'],
  cancel: ['waiting', 'called'],
};

export const FINAL_STATUSES: readonly TicketStatus[] = ['done', 'no_show', 'cancelled', 'transferred'];

export function assertTransition(action: LifecycleAction, from: TicketStatus): void {
  if (!ALLOWED_FROM[action].includes(from)) {
    throw new DoorstepError(
      from === 'called' && action === 'call' ? 'TICKET_ALREADY_CALLED' : 'INVALID_TRANSITION',
      `cannot ${action} a ticket that is ${from}`,
    );
  }
}
