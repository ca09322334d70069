import type { FieldError } from '../../contract/errors';
import type { Ctx } from '../services/context';

// In production mode the addresses residents' phones open (a centre's public base URL, printed in
// every ticket QR code) must be https: a plain-http status link can be read or rewritten by anyone
// on the café Wi-Fi between the phone and central. Demo and dev keep http (docs/tls.md). Webhook
// receivers are checked by security/targets.ts, which already refuses http in production.

export const HTTPS_ONLY_MESSAGE = 'must be an https:// URL in production mode (docs/tls.md)';

/** Whether a URL is acceptable as a resident-facing base URL in this mode. */
export function httpsAllowed(production: boolean, url: string | null | undefined): boolean {
  return !production || !url || url.startsWith('https://');
}

/** The field problem for an http base URL in production mode, else null. */
export function httpsOnlyProblem(ctx: Ctx, path: string, url: string | null | undefined): FieldError | null {
  return httpsAllowed(ctx.production ?? false, url) ? null : { path, message: HTTPS_ONLY_MESSAGE };
}
