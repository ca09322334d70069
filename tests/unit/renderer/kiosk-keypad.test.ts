import { describe, expect, it } from 'vitest';
import { canAppend, checkEntry } from '../../../renderer/kiosk/identify/idInput';

// 11010519491231002X is the GB 11643 standard's own example number.
const VALID = '11010519491231002X';

describe('ID number keypad, validated as you type', () => {
  it('accepts a valid number and says so only when complete', () => {
    for (let n = 0; n < 18; n++)
      expect(checkEntry(VALID.slice(0, n))).toEqual({ state: 'incomplete', length: n });
    expect(checkEntry(VALID)).toEqual({ state: 'valid' });
    expect(checkEntry(VALID.toLowerCase())).toEqual({ state: 'valid' });
  });

  it('refuses a wrong check digit', () => {
    expect(checkEntry('110105194912310021')).toEqual({ state: 'invalid', problem: 'check_digit' });
  });

  it('flags an impossible birth date as soon as its digits are typed', () => {
    expect(checkEntry('1101051949')).toEqual({ state: 'incomplete', length: 10 });
    expect(checkEntry('11010519491')).toEqual({ state: 'incomplete', length: 11 });
    expect(checkEntry('1101051949131')).toEqual({ state: 'invalid', problem: 'birth_date' }); // month 13
    expect(checkEntry('11010519490230')).toEqual({ state: 'invalid', problem: 'birth_date' }); // 30 Feb
    expect(checkEntry('110105184')).toEqual({ state: 'invalid', problem: 'birth_date' }); // year 184x
    expect(checkEntry('1101051949124')).toEqual({ state: 'invalid', problem: 'birth_date' }); // day 4x
  });

  it('offers X only as the last character and nothing beyond 18', () => {
    expect(canAppend('1101', 'X')).toBe(false);
    expect(canAppend(VALID.slice(0, 17), 'X')).toBe(true);
    expect(canAppend(VALID, '1')).toBe(false);
    expect(canAppend('', '7')).toBe(true);
    expect(canAppend('', 'A')).toBe(false);
    expect(checkEntry('1101X')).toEqual({ state: 'invalid', problem: 'characters' });
  });
});
