import { gb11643CheckChar, type IdNumberProblem } from '../../../contract/gb11643';

// The on-screen keypad's ID number entry, validated as the resident types (GB 11643: 6 address
// digits, 8 birth date digits, 3 order digits, a check character 0-9 or X).

export type EntryState =
  | { state: 'incomplete'; length: number }
  | { state: 'valid' }
  | { state: 'invalid'; problem: Exclude<IdNumberProblem, 'length'> };

export const ID_LENGTH = 18;

/** Whether a key may be appended: digits up to 18, X only as the 18th character. */
export function canAppend(entry: string, key: string): boolean {
  if (entry.length >= ID_LENGTH) return false;
  if (key === 'X') return entry.length === ID_LENGTH - 1;
  return /^\d$/.test(key);
}

function birthDateProblem(entry: string): boolean {
  const digits = entry.slice(6, 14);
  if (digits.length >= 1) {
    // Any year the typed prefix can still become must lie between 1850 and this year.
    const prefix = digits.slice(0, 4);
    const lowest = Number(prefix.padEnd(4, '0'));
    const highest = Number(prefix.padEnd(4, '9'));
    if (highest < 1850 || lowest > new Date().getFullYear()) return true;
  }
  if (digits.length >= 6) {
    const m = Number(digits.slice(4, 6));
    if (m < 1 || m > 12) return true;
  }
  if (digits.length >= 5 && Number(digits[4]) > 1) return true;
  if (digits.length === 8) {
    const [y, m, d] = [Number(digits.slice(0, 4)), Number(digits.slice(4, 6)), Number(digits.slice(6))];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return true;
  } else if (digits.length >= 7 && Number(digits[6]) > 3) return true;
  return false;
}

/** The state of a partial or complete entry, as shown under the keypad while typing. */
export function checkEntry(raw: string): EntryState {
  const entry = raw.toUpperCase();
  if (!/^\d{0,17}[\dX]?$/.test(entry) || (entry.includes('X') && entry.length < ID_LENGTH)) {
    return { state: 'invalid', problem: 'characters' };
  }
  if (birthDateProblem(entry)) return { state: 'invalid', problem: 'birth_date' };
  if (entry.length < ID_LENGTH) return { state: 'incomplete', length: entry.length };
  return gb11643CheckChar(entry.slice(0, 17)) === entry[17]
    ? { state: 'valid' }
    : { state: 'invalid', problem: 'check_digit' };
}
