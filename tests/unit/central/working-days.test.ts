import { describe, expect, it } from 'vitest';
import { CALENDAR_2026 } from '../../../central/services/calendar-data';
import {
  type WorkingCalendar,
  addWorkingDays,
  isWorkingDay,
  nextOpening,
  openingOn,
} from '../../../central/domain/working-days';

// Working days from the 2026 State Council calendar: deadlines (办理时限, the 15-working-day
// follow-up) skip the holidays and count make-up working days; a centre opens on make-up days.

const cal: WorkingCalendar = {
  district: new Map(CALENDAR_2026.map((d) => [d.day, { kind: d.kind, name: d.name }])),
  closures: new Map(),
};
const HOURS = { mon: [{ from: '09:00', to: '17:00' }], tue: [{ from: '09:00', to: '17:00' }] };

describe('working days of 2026', () => {
  it('has the notice’s holidays and make-up working days', () => {
    expect(isWorkingDay('2026-10-01', cal)).toBe(false);
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday, make-up
    expect(isWorkingDay('2026-09-20', cal)).toBe(true); // Sunday, make-up
    expect(isWorkingDay('2026-02-14', cal)).toBe(true);
    expect(isWorkingDay('2026-02-23', cal)).toBe(false); // Monday inside the Spring Festival
    expect(isWorkingDay('2026-01-04', cal)).toBe(true);
    expect(CALENDAR_2026.filter((d) => d.kind === 'holiday')).toHaveLength(33);
  });

  it('puts a 15-working-day follow-up opened before National Day on 27 October', () => {
    // 8, 9, 10 (make-up Saturday) October, then 12 working days from the 12th.
    expect(addWorkingDays('2026-09-30', 15, cal)).toBe('2026-10-27');
  });

  it('opens a centre on a make-up Saturday with its weekday hours, and says when it opens next', () => {
    expect(openingOn('2026-10-10', 'c', HOURS, cal)).toMatchObject({ open: true, periods: HOURS.mon });
    expect(openingOn('2026-10-05', 'c', HOURS, cal)).toMatchObject({ open: false, reason: { zh: '国庆节' } });
    expect(nextOpening('2026-09-30', 'c', HOURS, cal)).toEqual({ day: '2026-10-10', from: '09:00' });
  });
});
