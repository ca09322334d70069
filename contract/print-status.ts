import { z } from 'zod';
import { PrintStatus } from './ticket';

// The print status of a ticket as a state machine (issue 9 "one owner per rule"). Both sides keep a
// print status — central for agents and the dashboard, the kiosk host for the resident's page and its
// offline uploads — and both change it only through `nextPrintStatus`, so a reprint, a failed print
// or a screen-only choice means the same on either side and every change is an event there.

/**
 * What happened to the paper: `printed` / `failed` (the printer's answer), `screen_only` (the resident
 * holds the number on screen or phone, nothing was printed on purpose), `reprint` (the kiosk is asked to
 * print it again; pending until it answers).
 */
export const PrintEvent = z.enum(['printed', 'failed', 'screen_only', 'reprint']);
export type PrintEvent = z.infer<typeof PrintEvent>;

/** The print status a ticket starts with: a kiosk prints it, anyone else's ticket is never printed. */
export function initialPrintStatus(issuedByKiosk: boolean): PrintStatus {
  return issuedByKiosk ? 'pending' : 'not_printed';
}

/**
 * The transition table. A missing entry is refused. The one rule that is not obvious: once the resident
 * holds paper (`printed`), a failed or skipped later attempt does not take it away — only a reprint
 * (pending again until the kiosk answers) moves a printed ticket.
 */
export const PRINT_TRANSITIONS: Readonly<
  Record<PrintStatus, Readonly<Partial<Record<PrintEvent, PrintStatus>>>>
> = {
  pending: { printed: 'printed', failed: 'failed', screen_only: 'not_printed', reprint: 'pending' },
  printed: { printed: 'printed', reprint: 'pending' },
  failed: { printed: 'printed', failed: 'failed', screen_only: 'not_printed', reprint: 'pending' },
  not_printed: { printed: 'printed', failed: 'failed', screen_only: 'not_printed', reprint: 'pending' },
};

export type PrintTransition =
  | { ok: true; from: PrintStatus; to: PrintStatus; event: PrintEvent; changed: boolean }
  | { ok: false; code: 'INVALID_TRANSITION'; from: PrintStatus; event: PrintEvent; message: string };

/** The one transition function: where `event` takes a ticket printed `from`, or why it may not. */
export function nextPrintStatus(from: PrintStatus, event: PrintEvent): PrintTransition {
  const to = PRINT_TRANSITIONS[from][event];
  if (to === undefined) {
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      from,
      event,
      message: `a ${from} ticket cannot become ${event === 'screen_only' ? 'not_printed' : event}: the resident already holds its paper`,
    };
  }
  return { ok: true, from, to, event, changed: to !== from };
}

/** The event a kiosk's print-status report stands for (the API reports statuses, not events). */
export function printEventOf(reported: Exclude<PrintStatus, 'pending'>): PrintEvent {
  return reported === 'not_printed' ? 'screen_only' : reported;
}
