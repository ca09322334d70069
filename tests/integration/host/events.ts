import type { DoorstepApi, KioskEvent } from '../../../contract/kiosk';
import type { IdCardSimulator } from '../../../native';

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

/**
 * Resolves once the reader has sent `n` more "find card" commands to the simulator (GA 467 20 01),
 * or rejects after `timeoutMs`. The reader sends one only after handling the answer to the one
 * before, so this is a positive signal that it has polled past a change instead of a guessed sleep.
 */
export function readerFinds(sim: IdCardSimulator, n: number, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => {
      sim.events.off('request', onRequest);
      reject(new Error(`the reader sent ${seen} of ${n} find-card commands within ${timeoutMs} ms`));
    }, timeoutMs);
    const onRequest = (e: { cmd: number; para: number }) => {
      if (e.cmd !== 0x20 || e.para !== 0x01 || ++seen < n) return;
      clearTimeout(timer);
      sim.events.off('request', onRequest);
      resolve();
    };
    sim.events.on('request', onRequest);
  });
}

/**
 * Takes the card off and waits until the reader has seen it go: it counts a card gone after two
 * "no card" answers in a row (reader.ts removalMisses), so the third find after removal proves it.
 */
export async function takeCardOff(sim: IdCardSimulator): Promise<void> {
  const gone = readerFinds(sim, 3);
  sim.removeCard();
  await gone;
}
