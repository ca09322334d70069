import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { DoorstepError } from '../../contract/errors';
import { KioskChannels, type DoorstepApi, type KioskChannel, type KioskEvent } from '../../contract/kiosk';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';
import { isOwnUrl } from './navigation';

// The IPC side of window.doorstep: one invoke channel carrying {channel, request}, validated three
// times — the sender frame must be our own page (checklist item 17), the channel must be in
// KioskChannels, the request must match its schema — then handed to the kiosk host.

export type CallResult =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export function createCallHandler(host: Pick<DoorstepApi, 'call'>, appOrigin: string) {
  return async (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, message: unknown): Promise<CallResult> => {
    const frameUrl = event.senderFrame?.url ?? '';
    // The main frame of our own page only: a subframe (even of our origin) never speaks for the kiosk.
    if (!isOwnUrl(frameUrl, appOrigin) || event.senderFrame?.parent) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: 'IPC from a frame that is not the kiosk page' },
      };
    }
    const { channel, request } = (message ?? {}) as { channel?: unknown; request?: unknown };
    if (typeof channel !== 'string' || !Object.hasOwn(KioskChannels, channel)) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: `unknown channel ${String(channel)}` } };
    }
    const schema = KioskChannels[channel as KioskChannel].request;
    const parsed = schema.safeParse(request ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: parsed.error.issues[0]?.message ?? 'bad request' },
      };
    }
    try {
      const value = await host.call(channel as KioskChannel, parsed.data as never);
      return { ok: true, value };
    } catch (err) {
      const e = err as Partial<DoorstepError> & { code?: string; message?: string };
      return { ok: false, error: { code: e.code ?? 'INTERNAL', message: e.message ?? 'host error' } };
    }
  };
}

/** Registers the call handler and forwards host events to the kiosk window. */
export function registerIpc(
  ipcMain: IpcMain,
  host: Pick<DoorstepApi, 'call' | 'subscribe'>,
  target: () => WebContents | null,
  appOrigin: string,
): () => void {
  ipcMain.handle(IPC_CALL, createCallHandler(host, appOrigin));
  const unsubscribe = host.subscribe((event: KioskEvent) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT, event);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_CALL);
  };
}
