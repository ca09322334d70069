import { deviceErrorText } from '../../contract/i18n/device';
import { errorText } from '../../contract/i18n/errors';
import { hostErrorText } from '../../contract/i18n/kiosk-host';
import type { Message } from '../../contract/i18n/types';
import { z } from 'zod';
import { FieldError } from '../../contract/errors';
import type { KioskCallError } from '../../contract/kiosk';

// Errors of the kiosk host are values with a code (style.md 6): an API ErrorCode, a device code
// (DEVICE_PAPER_OUT …) or a HostErrorCode. Each code has its bilingual text once in contract/i18n
// (errors.ts, device.ts, kiosk-host.ts); a failed window.doorstep call rejects with a KioskHostError
// carrying `.code`, `.body` (the error body) and that text as its message.

export function messageOfCode(code: string): Message {
  return (
    (errorText as Record<string, Message>)[code] ??
    (hostErrorText as Record<string, Message>)[code] ??
    (deviceErrorText as Record<string, Message>)[code] ??
    errorText.INTERNAL
  );
}

export class KioskHostError extends Error {
  readonly body: KioskCallError;
  constructor(
    readonly code: string,
    detail?: string,
    readonly fields?: FieldError[],
  ) {
    const m = messageOfCode(code);
    super(`${m.zh} ${m.en}`);
    this.name = 'KioskHostError';
    this.body = {
      error: {
        code,
        message: detail ? `${this.message} (${detail})` : this.message,
        ...(fields ? { fields } : {}),
      },
    };
  }
}

/** Any thrown value as a KioskHostError (unknown errors become INTERNAL, their text kept for the log). */
export function toHostError(err: unknown): KioskHostError {
  if (err instanceof KioskHostError) return err;
  const { code, fields } = (err ?? {}) as { code?: unknown; fields?: unknown };
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) {
    const kept = z.array(FieldError).safeParse(fields); // field errors travel with their code
    return new KioskHostError(code, (err as Error).message, kept.success ? kept.data : undefined);
  }
  return new KioskHostError('INTERNAL', err instanceof Error ? err.message : String(err));
}

/** The most telling text of an error for the log (the body's message carries the detail). */
export function describeError(err: unknown): string {
  if (err instanceof KioskHostError) return `${err.code}: ${err.body.error.message}`;
  return err instanceof Error ? err.message : String(err);
}
