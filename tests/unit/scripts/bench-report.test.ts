import { describe, expect, it } from 'vitest';
import { meets } from '../../../bench/report';

// A benchmark figure fails the run when it misses its target, read from the target as written.

describe('benchmark targets', () => {
  it('reads the comparison and number that lead the target', () => {
    expect(meets(900, '>= 1000 on SQLite')).toBe(false);
    expect(meets(1000, '>= 1000 on SQLite')).toBe(true);
    expect(meets(0.3, '>= 0.5')).toBe(false);
    expect(meets(49, '< 50')).toBe(true);
    expect(meets(50, '< 50')).toBe(false);
    expect(meets(1.2, '< 1.10')).toBe(false);
    expect(meets(8, '< 10 %')).toBe(true);
  });

  it('counts a figure that could not be measured as missed, and a target without a number as none', () => {
    expect(meets(NaN, '< 1500 ms')).toBe(false);
    expect(meets(5, 'fast')).toBeUndefined();
    expect(meets(5, undefined)).toBeUndefined();
  });
});
