import { describe, expect, it } from 'vitest';
import { dayRange, previousRange } from '../../../central/services/reports/range';
import { mean, percentile, share } from '../../../central/services/reports/stats';
import { addWorkingDays, isWorkingDay } from '../../../central/services/reports/working-days';
import { toCsv } from '../../../central/services/reports/export';
import { DoorstepError } from '../../../contract/errors';

// The shared formulas of docs/reports.md "Conventions", each as a reader of a report would check it.

describe('report formulas', () => {
  it('takes the nearest-rank percentile, always one of the measured values', () => {
    const v = [10, 20, 30, 40];
    expect(percentile(v, 50)).toBe(20);
    expect(percentile(v, 90)).toBe(40);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('rounds shares to four decimals and means to two, null when there is nothing to divide', () => {
    expect(share(1, 3)).toBe(0.3333);
    expect(share(0, 0)).toBeNull();
    expect(mean([5, 4, 4])).toBe(4.33);
    expect(mean([])).toBeNull();
  });

  it('counts working days Monday to Friday, the opening day itself not counted', () => {
    expect(isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(addWorkingDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday → Monday
    expect(addWorkingDays('2026-03-04', 15)).toBe('2026-03-25');
    expect(addWorkingDays('2026-03-04', 0)).toBe('2026-03-04');
  });

  it('spans days in Asia/Shanghai with `to` inclusive, and refuses impossible or too long ranges', () => {
    const r = dayRange('2026-03-02', '2026-03-03');
    expect(new Date(r.startMs).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(new Date(r.endMs).toISOString()).toBe('2026-03-03T16:00:00.000Z');
    expect(r.days).toBe(2);
    expect(previousRange(r)).toMatchObject({ from: '2026-02-28', to: '2026-03-01', days: 2 });
    expect(() => dayRange('2026-02-30', '2026-03-01')).toThrow(DoorstepError);
    expect(() => dayRange('2025-01-01', '2026-03-01')).toThrow(/at most 400 days/);
  });

  it('writes CSV in UTF-8 with a BOM, Chinese headers, keys, and no spreadsheet formulas', () => {
    const csv = toCsv({
      report: 'poor-ratings',
      centreId: 'c',
      from: '2026-03-02',
      to: '2026-03-02',
      generatedAt: '2026-03-02T00:00:00Z',
      notes: [],
      columns: [
        { key: 'level', label: { zh: '评价等级', en: 'Level' }, unit: 'count' },
        { key: 'reason', label: { zh: '差评原因', en: 'Reason' }, unit: 'text' },
      ],
      rows: [{ level: 1, reason: '=HYPERLINK("x"), 太慢' }],
    });
    expect(csv.startsWith('\uFEFF评价等级,差评原因\r\nlevel,reason\r\n')).toBe(true);
    expect(csv).toContain(`1,"'=HYPERLINK(""x""), 太慢"`);
  });
});
