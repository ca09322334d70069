import { maskIdNumber } from '../../contract/gb11643';

// Log lines never carry personal data: ID-number-like runs of digits are masked wherever they appear,
// and known personal fields are redacted before a log object is written.

const ID_LIKE = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

export function maskPiiText(text: string): string {
  return text.replace(ID_LIKE, (m) => maskIdNumber(m));
}

/** Paths the logger redacts (pino `redact`). */
export const REDACT_PATHS = [
  'idNumber',
  'name',
  '*.idNumber',
  '*.name',
  'req.body',
  'body.idNumber',
  'body.name',
  'password',
  '*.password',
  'req.headers.authorization',
  'req.headers.cookie',
];
