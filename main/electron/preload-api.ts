import {
  KioskChannels,
  KioskEvent,
  type DoorstepApi,
  type KioskCallError,
  type KioskChannel,
} from '../../contract/kiosk';
import type { CallResult } from './ipc';

// window.doorstep as the preload builds it over IPC, without Electron so it is unit-tested: `invoke`
// is ipcRenderer.invoke on the call channel, `onEvent` registers for host events.
//
// A failed call rejects with the contract's plain error body ({error: {code, message, fields?}}), not
// an Error: contextBridge copies a plain object whole into the page but rebuilds a thrown Error with
// its message only, which is how code and fields used to be lost on the way to the kiosk page.

export function createIpcDoorstep(
  invoke: (message: { channel: string; request: unknown }) => Promise<unknown>,
  onEvent: (handler: (payload: unknown) => void) => void,
): DoorstepApi {
  const listeners = new Set<(event: KioskEvent) => void>();
  onEvent((payload) => {
    const parsed = KioskEvent.safeParse(payload);
    if (!parsed.success) return;
    for (const listener of listeners) listener(parsed.data);
  });
  return {
    async call(channel, request) {
      if (!Object.hasOwn(KioskChannels, channel)) {
        const body: KioskCallError = {
          error: { code: 'BAD_REQUEST', message: `unknown channel ${channel}` },
        };
        throw body;
      }
      const result = (await invoke({ channel, request })) as CallResult;
      if (!result.ok) {
        const body: KioskCallError = { error: result.error };
        throw body;
      }
      return KioskChannels[channel as KioskChannel].response.parse(result.value) as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
