import { describe, expect, it } from 'vitest';
import {
  gb11643CheckChar,
  idNumberProblem,
  isValidIdNumber,
  maskIdNumber,
  maskName,
  upgradeLegacyIdNumber,
} from '../../../contract/gb11643';

describe('GB 11643 check digit', () => {
  it('computes X for the published test vector 11010519491231002', () => {
    expect(gb11643CheckChar('11010519491231002')).toBe('X');
  });

  it('accepts a number whose check char matches and refuses one digit changed', () => {
    const id = `11010519491231002X`;
    expect(isValidIdNumber(id)).toBe(true);
    expect(isValidIdNumber(id.toLowerCase())).toBe(true);
    expect(idNumberProblem('11010519491231003X')).toBe('check_digit');
  });

  it('every single-digit typo in the first 17 digits is caught', () => {
    const base = '31011519800101123';
    const full = base + gb11643CheckChar(base);
    for (let i = 0; i < 17; i++) {
      const d = Number(full[i]);
      const typo = full.slice(0, i) + String((d + 1) % 10) + full.slice(i + 1);
      expect(idNumberProblem(typo), `typo at ${i}`).not.toBeNull();
    }
  });

  it('names the problem: length, characters, impossible birth date', () => {
    expect(idNumberProblem('1234')).toBe('length');
    expect(idNumberProblem('11010519491231002Y')).toBe('characters');
    const feb30 = '11010519490230002';
    expect(idNumberProblem(feb30 + gb11643CheckChar(feb30))).toBe('birth_date');
  });

  it('upgrades a legacy 15-digit number by inserting the century and a check char', () => {
    const up = upgradeLegacyIdNumber('110105491231002');
    expect(up).toBe('11010519491231002X');
    expect(upgradeLegacyIdNumber('11010549123100')).toBeNull();
  });

  it('masks ID numbers and names for logs', () => {
    expect(maskIdNumber('310115198001011234')).toBe('310115********1234');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李')).toBe('李*');
  });
});
