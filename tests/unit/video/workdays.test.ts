import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, shanghaiDay } from '../../../central/video/workdays';

// Follow-up deadlines count working days in Asia/Shanghai: weekends and holidays out, 调休 weekend
// working days in.

const plain = { holidays: [], workingWeekends: [] };

describe('working days', () => {
  it('uses the Shanghai date, not the machine zone', () => {
    expect(shanghaiDay(Date.parse('2026-03-01T16:30:00Z'))).toBe('2026-03-02'); // 00:30 Monday in Shanghai
  });

  it('skips weekends: Friday + 1 working day is Monday', () => {
    expect(addWorkingDays(Date.parse('2026-03-06T02:00:00Z'), 1, plain)).toBe('2026-03-09');
  });

  it('gives three calendar weeks for 15 working days from a Monday', () => {
    expect(addWorkingDays(Date.parse('2026-03-02T02:00:00Z'), 15, plain)).toBe('2026-03-23');
  });

  it('skips holidays and counts declared working weekends (调休)', () => {
    const cal = { holidays: ['2026-10-01', '2026-10-02', '2026-10-05'], workingWeekends: ['2026-10-10'] };
    expect(isWorkingDay('2026-10-01', cal)).toBe(false);
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // a Saturday worked in exchange
    // Wed 30 Sep + 3: Thu 1 and Fri 2 are holidays, Mon 5 too; Tue 6, Wed 7, Thu 8.
    expect(addWorkingDays(Date.parse('2026-09-30T02:00:00Z'), 3, cal)).toBe('2026-10-08');
  });
});
