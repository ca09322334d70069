import { z } from 'zod';
import type { FieldError } from '../../../contract/errors';
import {
  deviceErrorText,
  errorText,
  hostErrorText,
  kioskDeviceText,
  type Message,
} from '../../../contract/i18n';
import { kiosk } from '../../../contract/i18n/kiosk';
import { KioskCallError } from '../../../contract/kiosk';

// The kiosk page's CSP has no 'unsafe-eval': zod must not try new Function() for its fast path.
z.config({ jitless: true });

// A failed window.doorstep call, in one shape whatever carried it: the contract's error body
// (contract/kiosk.ts KioskCallError: code, message, fields). The transports reject differently — the
// Electron preload with the plain body (contextBridge copies plain objects whole but rebuilds an Error
// with its message only), the browser bridge with an Error holding `.body`, a test's scripted host with
// either — so the page parses whatever arrives here, once, and every screen sees a KioskCallFailed.

/** The failure every screen handles: a code (ErrorCode, device or host code), a message and the fields. */
export interface KioskFailure {
  code: string;
  message: string;
  fields: FieldError[];
}

export class KioskCallFailed extends Error implements KioskFailure {
  readonly code: string;
  readonly fields: FieldError[];
  constructor(f: KioskFailure) {
    super(f.message);
    this.name = 'KioskCallFailed';
    this.code = f.code;
    this.fields = f.fields;
  }
}

/** The error body a rejection carries (itself, or as `.body`), parsed; INTERNAL when it has none. */
export function failureOf(err: unknown): KioskFailure {
  if (err instanceof KioskCallFailed) return err;
  for (const candidate of [err, (err as { body?: unknown } | null)?.body]) {
    const parsed = KioskCallError.safeParse(candidate);
    if (parsed.success) {
      const e = parsed.data.error;
      return { code: e.code, message: e.message, fields: e.fields ?? [] };
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  // An Error with only a code (a host of an earlier version, the page's own checks): its code still
  // chooses the resident's text, rather than the generic one.
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof Error && typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code))
    return { code, message, fields: [] };
  return { code: 'INTERNAL', message: message || 'the kiosk host gave no error body', fields: [] };
}

/** The code of a failure (see failureOf). */
export function codeOf(err: unknown): string {
  return failureOf(err).code;
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
