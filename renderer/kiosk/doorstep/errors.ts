import {
  deviceErrorText,
  errorText,
  hostErrorText,
  kioskDeviceText,
  type Message,
} from '../../../contract/i18n';
import { kiosk } from '../../../contract/i18n/kiosk';

// A failed window.doorstep call rejects with the error body's code (contract/errors.ts) or a device
// code (DEVICE_PAPER_OUT …). The bridge may hand over the body, an Error with .code, or a plain code.

export function codeOf(err: unknown): string {
  if (typeof err === 'string') return /^[A-Z_]+$/.test(err) ? err : 'INTERNAL';
  if (err && typeof err === 'object') {
    const o = err as { code?: unknown; error?: { code?: unknown }; body?: { error?: { code?: unknown } } };
    for (const c of [o.code, o.error?.code, o.body?.error?.code]) {
      if (typeof c === 'string' && /^[A-Z_]+$/.test(c)) return c;
    }
  }
  return 'INTERNAL';
}

/** What happened and what to do next, in both languages, for any code the kiosk can meet. */
export function messageOf(code: string): Message {
  return (
    (errorText as Record<string, Message>)[code] ??
    kioskDeviceText[code] ??
    (deviceErrorText as Record<string, Message>)[code] ??
    (hostErrorText as Record<string, Message>)[code] ??
    kiosk['kiosk.error.generic']
  );
}
