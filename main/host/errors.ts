import { errorText } from '../../contract/i18n/errors';
import { hostErrorText } from '../../contract/i18n/kiosk-host';
import type { Message } from '../../contract/i18n/types';
import type { FieldError } from '../../contract/errors';
import type { KioskCallError } from '../../contract/kiosk';

// Errors of the kiosk host are values with a code (style.md 6): an API ErrorCode, a device code
// (DEVICE_PAPER_OUT …) or a HostErrorCode. Each code is mapped once to bilingual text here, and a
// failed window.doorstep call rejects with a KioskHostError carrying `.code` and `.body`.

/** Printer problems that stop a ticket before it is issued (contract/device.ts codes). */
const deviceText: Record<string, Message> = {
  DEVICE_PAPER_OUT: {
    zh: '打印机缺纸，请联系工作人员。',
    en: 'The printer is out of paper. Please ask staff.',
  },
  DEVICE_COVER_OPEN: {
    zh: '打印机盖未关好，请联系工作人员。',
    en: 'The printer cover is open. Please ask staff.',
  },
  DEVICE_OFFLINE: { zh: '打印机离线，请联系工作人员。', en: 'The printer is offline. Please ask staff.' },
  DEVICE_NOT_FOUND: {
    zh: '设备未连接，请联系工作人员。',
    en: 'The device is not connected. Please ask staff.',
  },
  DEVICE_PRINTER_ERROR: {
    zh: '打印机故障，请联系工作人员。',
    en: 'The printer has a fault. Please ask staff.',
  },
  DEVICE_CUTTER_ERROR: {
    zh: '打印机切刀故障，请联系工作人员。',
    en: 'The printer cutter is jammed. Please ask staff.',
  },
  DEVICE_TIMEOUT: { zh: '设备无响应，请稍后再试。', en: 'The device did not answer. Please try again.' },
};

export function messageOfCode(code: string): Message {
  return (
    (errorText as Record<string, Message>)[code] ??
    (hostErrorText as Record<string, Message>)[code] ??
    deviceText[code] ??
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
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) {
    return new KioskHostError(code, (err as Error).message);
  }
  return new KioskHostError('INTERNAL', err instanceof Error ? err.message : String(err));
}

/** The most telling text of an error for the log (the body's message carries the detail). */
export function describeError(err: unknown): string {
  if (err instanceof KioskHostError) return `${err.code}: ${err.body.error.message}`;
  return err instanceof Error ? err.message : String(err);
}
