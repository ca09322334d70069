import { describe, expect, it } from 'vitest';
import {
  PRINT_TRANSITIONS,
  PrintEvent,
  initialPrintStatus,
  nextPrintStatus,
  printEventOf,
} from '../../../contract/print-status';
import { PrintStatus } from '../../../contract/ticket';

// The print status table, every (status, event) pair: what a resident holds decides it — paper once
// printed stays printed until a reprint is asked for; anything without paper may still get some.

const expected: Record<PrintStatus, Record<PrintEvent, PrintStatus | 'refused'>> = {
  pending: { printed: 'printed', failed: 'failed', screen_only: 'not_printed', reprint: 'pending' },
  printed: { printed: 'printed', failed: 'refused', screen_only: 'refused', reprint: 'pending' },
  failed: { printed: 'printed', failed: 'failed', screen_only: 'not_printed', reprint: 'pending' },
  not_printed: { printed: 'printed', failed: 'failed', screen_only: 'not_printed', reprint: 'pending' },
};

describe('print status transitions', () => {
  const pairs = PrintStatus.options.flatMap((from) =>
    PrintEvent.options.map((event) => [from, event] as const),
  );

  it.each(pairs)('from %s on %s goes where the table says', (from, event) => {
    const step = nextPrintStatus(from, event);
    const want = expected[from][event];
    if (want === 'refused') {
      expect(step).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', from, event });
      if (!step.ok) expect(step.message).toContain(from);
    } else {
      expect(step).toEqual({ ok: true, from, to: want, event, changed: want !== from });
    }
  });

  it('covers every status and no status outside the contract', () => {
    expect(Object.keys(PRINT_TRANSITIONS).sort()).toEqual([...PrintStatus.options].sort());
    for (const row of Object.values(PRINT_TRANSITIONS)) {
      for (const to of Object.values(row)) expect(PrintStatus.options).toContain(to);
    }
  });

  it('lets a failed or screen-only ticket reach paper by a reprint and a printed answer', () => {
    for (const start of ['failed', 'not_printed'] as const) {
      const asked = nextPrintStatus(start, 'reprint');
      expect(asked).toMatchObject({ ok: true, to: 'pending', changed: true });
      expect(nextPrintStatus('pending', 'printed')).toMatchObject({ ok: true, to: 'printed' });
    }
  });

  it('starts kiosk tickets pending and everyone else’s not printed', () => {
    expect(initialPrintStatus(true)).toBe('pending');
    expect(initialPrintStatus(false)).toBe('not_printed');
  });

  it('reads a kiosk report as its event', () => {
    expect(printEventOf('printed')).toBe('printed');
    expect(printEventOf('failed')).toBe('failed');
    expect(printEventOf('not_printed')).toBe('screen_only');
  });
});
