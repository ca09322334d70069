import { releaseManifest, type MaintenanceWindow } from './updates';

// Rules both sides of an update apply: central when a release is registered and a kiosk asks, the
// kiosk's root-side updater before it installs. WebCrypto (Ed25519 is in Node 20's), so no Node
// module is needed; contract/index.ts does not export it, no front end needs it.

/** Minutes since midnight of `at` in a time zone. */
export function minutesIn(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return n('hour') * 60 + n('minute');
}

/** Inside the daily window; a window whose end is before its start spans midnight. */
export function inWindow(at: Date, window: MaintenanceWindow, timeZone: string): boolean {
  const m = minutesIn(at, timeZone);
  const mins = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const start = mins(window.start);
  const end = mins(window.end);
  if (start === end) return true; // 00:00–00:00: any time
  return start < end ? m >= start && m < end : m >= start || m < end;
}

const bytesOf = (base64: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));

/** A Web Crypto key, named through the API that makes it (the global CryptoKey type is not declared in every environment this contract compiles for). */
export type UpdateKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

/** An Ed25519 public key from PEM (SPKI), or null when the text is not one. */
export async function importUpdateKey(pem: string): Promise<UpdateKey | null> {
  const m = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(pem);
  if (!m) return null;
  try {
    return await globalThis.crypto.subtle.importKey(
      'spki',
      bytesOf(m[1]!.replace(/\s/g, '')),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
  } catch {
    return null;
  }
}

/** True when `signature` (base64) is the key's signature of the release manifest. */
export async function signatureValid(
  key: UpdateKey,
  version: string,
  sha512: string,
  signature: string,
): Promise<boolean> {
  try {
    const sig = bytesOf(signature);
    if (sig.length !== 64) return false;
    return await globalThis.crypto.subtle.verify(
      { name: 'Ed25519' },
      key,
      sig,
      new TextEncoder().encode(releaseManifest(version, sha512)),
    );
  } catch {
    return false;
  }
}
