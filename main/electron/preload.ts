import { contextBridge, ipcRenderer } from 'electron';
import {
  KioskChannels,
  KioskEvent,
  type DoorstepApi,
  type KioskCallError,
  type KioskChannel,
} from '../../contract/kiosk';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';
import type { CallResult } from './ipc';

// Sandboxed preload (bundled by scripts/build.mjs, since a sandboxed preload can require only a few
// modules): exposes window.doorstep through contextBridge. ipcRenderer itself is never exposed, and
// event callbacks are wrapped so the IPC event object (and its sender) never reaches the page.

/** A failed call as the page sees it: `.code`, `.fields` and `.body` (the error body), as the browser bridge gives. */
class CallError extends Error {
  readonly code: string;
  readonly fields?: KioskCallError['error']['fields'];
  constructor(readonly body: KioskCallError) {
    super(body.error.message);
    this.code = body.error.code;
    this.fields = body.error.fields;
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
      throw new CallError({ error: { code: 'BAD_REQUEST', message: `unknown channel ${channel}` } });
    const result = (await ipcRenderer.invoke(IPC_CALL, { channel, request })) as CallResult;
    if (!result.ok) throw new CallError({ error: result.error });
    return KioskChannels[channel as KioskChannel].response.parse(result.value) as never;
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld('doorstep', api);
