// GB 11643-1999 citizen identity number: 6 address + 8 birth (YYYYMMDD) + 3 order + 1 check char.
// Weights 2^(18-i) mod 11; check = (12 - S mod 11) mod 11, 10 -> 'X' (hardware.md 1.11, jxlwqq/id-validator).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The check character for the first 17 digits, or null when they are not 17 digits. */
export function gb11643CheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

export type IdNumberProblem = 'length' | 'characters' | 'birth_date' | 'check_digit';

/** Why an 18-character ID number is invalid, or null when it is valid. Lower-case x is accepted. */
export function idNumberProblem(id: string): IdNumberProblem | null {
  const v = id.toUpperCase();
  if (v.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(v)) return 'characters';
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1850 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return 'birth_date';
  }
  return gb11643CheckChar(v.slice(0, 17)) === v[17] ? null : 'check_digit';
}

export function isValidIdNumber(id: string): boolean {
  return idNumberProblem(id) === null;
}

/** Legacy 15-digit number (YYMMDD, century 19 implied, no check char) upgraded to 18 characters. */
export function upgradeLegacyIdNumber(id15: string): string | null {
  if (!/^\d{15}$/.test(id15)) return null;
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + gb11643CheckChar(first17);
}

/** Birth date (YYYY-MM-DD) encoded in an 18-character ID number. */
export function birthDateOfIdNumber(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Masks an ID number for logs and screens: first 6 and last 4 kept (310115********1234). */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** Masks a personal name: first character kept (张**); Latin names keep their first letter. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
