// Appointment codes as residents read, type and say them. New codes use only characters that cannot
// be mistaken for one another on paper or a screen: no 0/O, no 1/I/L. What a resident types or a
// scanner reads is normalised the same way everywhere (kiosk keys, host, central): upper case,
// spaces and dashes dropped, and O read as 0, I and L as 1, so a code booked before the alphabet
// changed is still found however its look-alikes are typed.

export const APPOINTMENT_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const APPOINTMENT_CODE_LENGTH = 8;

/** The form codes are compared in: upper case, no separators, look-alikes folded (O→0, I/L→1). */
export function normaliseAppointmentCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** The code in two groups of four for paper and screen ("K7Q2 M9AB"): easier to read out and copy. */
export function groupAppointmentCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

/** The SQL expression that folds a stored code the same way (SQLite and PostgreSQL). */
export const NORMALISED_CODE_SQL = "REPLACE(REPLACE(REPLACE(UPPER(code), 'O', '0'), 'I', '1'), 'L', '1')";
