import { maskIdNumber, maskName } from '../contract/gb11643';
import type { IdCardRecord } from '../contract/idcard';

// Device logging. Personal data never reaches a log line unmasked (architecture decision 5): records
// are logged only through `maskedRecord`, and free text goes through `redact`.

export type Logger = (level: 'info' | 'warn' | 'error', message: string) => void;

export const silentLogger: Logger = () => {};
export const consoleLogger: Logger = (level, message) => {
  const line = `[${level}] ${redact(message)}`;
  if (level === 'info') console.log(line);
  else console.error(line);
};

/** Masks anything that looks like an 18-character ID number or a 15-digit legacy number. */
export function redact(text: string): string {
  return text.replace(/\b\d{17}[\dXx]\b|\b\d{15}\b/g, (m) => maskIdNumber(m));
}

/** The record with name and numbers masked and the photo left out: for logs and `--reveal`-less output. */
export function maskedRecord(rec: IdCardRecord): Record<string, unknown> {
  const { photoWlt, ...rest } = rec;
  return {
    ...rest,
    name: maskName(rec.name),
    ...(rec.nameLatin ? { nameLatin: maskName(rec.nameLatin) } : {}),
    idNumber: maskIdNumber(rec.idNumber),
    ...(rec.passNumber ? { passNumber: maskIdNumber(rec.passNumber) } : {}),
    ...(rec.address ? { address: maskName(rec.address) } : {}),
    // The birth date would undo the mask of the ID number's middle digits: year only.
    birthDate: `${rec.birthDate.slice(0, 4)}-**-**`,
    ...(photoWlt ? { photoWlt: `(${Buffer.from(photoWlt, 'base64').length} bytes, not shown)` } : {}),
  };
}
