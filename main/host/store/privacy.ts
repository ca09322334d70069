import { isValidIdNumber } from '../../../contract/gb11643';

// The kiosk stores no plaintext ID number (architecture decision 5). Every writer of free text
// (outbox bodies, tickets, config) passes through this guard, which refuses anything that contains
// a valid GB 11643 number, so a coding mistake fails loudly instead of leaking to disk.

const CANDIDATE = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;

export class PlaintextIdNumberError extends Error {
  constructor(where: string) {
    super(`refused to store a plaintext ID number in ${where}`);
    this.name = 'PlaintextIdNumberError';
  }
}

export function containsIdNumber(text: string): boolean {
  for (const m of text.matchAll(CANDIDATE)) if (isValidIdNumber(m[0])) return true;
  return false;
}

export function assertNoIdNumber(text: string, where: string): string {
  if (containsIdNumber(text)) throw new PlaintextIdNumberError(where);
  return text;
}
