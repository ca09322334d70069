import { contextBridge, ipcRenderer } from 'electron';
import { KioskChannels, KioskEvent, type DoorstepApi, type KioskChannel } from '../../contract/kiosk';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';
import type { CallResult } from './ipc';

// Sandboxed preload (bundled by scripts/build.mjs, since a sandboxed preload can require only a few
// modules): exposes window.doorstep through contextBridge. ipcRenderer itself is never exposed, and
// event callbacks are wrapped so the IPC event object (and its sender) never reaches the page.

class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const listeners = new Set<(event: KioskEvent) => void>();
ipcRenderer.on(IPC_EVENT, (_event, payload: unknown) => {
  const parsed = KioskEvent.safeParse(payload);
  if (!parsed.success) return;
  for (const listener of listeners) listener(parsed.data);
});

const api: DoorstepApi = {
  async call(channel, request) {
    if (!Object.hasOwn(KioskChannels, channel))
      throw new CallError('BAD_REQUEST', `unknown channel ${channel}`);
    const result = (await ipcRenderer.invoke(IPC_CALL, { channel, request })) as CallResult;
    if (!result.ok) throw new CallError(result.error.code, result.error.message);
    return KioskChannels[channel as KioskChannel].response.parse(result.value) as never;
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld('doorstep', api);
