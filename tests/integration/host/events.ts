import type { DoorstepApi, KioskEvent } from '../../../contract/kiosk';

/** The next host event of a type (and passing `ok`), or a rejection after `timeoutMs`. */
export function nextEvent<T extends KioskEvent['type']>(
  api: DoorstepApi,
  type: T,
  ok: (e: Extract<KioskEvent, { type: T }>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Extract<KioskEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = api.subscribe((e) => {
      if (e.type !== type || !ok(e as Extract<KioskEvent, { type: T }>)) return;
      clearTimeout(timer);
      off();
      resolve(e as Extract<KioskEvent, { type: T }>);
    });
  });
}

/** The error code a rejected call carries (KioskHostError.code). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code ?? 'NO_CODE';
  }
  return 'RESOLVED';
}
