import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { fieldErrorsOf } from '../../contract/errors';
import {
  KioskCallError,
  KioskChannels,
  type DoorstepApi,
  type KioskChannel,
  type KioskEvent,
} from '../../contract/kiosk';
import { IPC_CALL, IPC_EVENT } from './ipc-channels';
import { isOwnUrl } from './navigation';

// The IPC side of window.doorstep: one invoke channel carrying {channel, request}, validated three
// times — the sender frame must be our own page (checklist item 17), the channel must be in
// KioskChannels, the request must match its schema — then handed to the kiosk host.

// A failure carries the error body every boundary uses ({code, message, fields?}: contract/kiosk.ts
// KioskCallError), so a field error from the host or from central reaches the page intact.
export type CallResult = { ok: true; value: unknown } | ({ ok: false } & KioskCallError);

/** The error body of anything the host threw: its own body when it has one (KioskHostError). */
export function callErrorOf(err: unknown): KioskCallError {
  const own = KioskCallError.safeParse((err as { body?: unknown } | null)?.body);
  if (own.success) return own.data;
  const e = (err ?? {}) as { code?: unknown; message?: unknown; fields?: unknown };
  const code = typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code) ? e.code : 'INTERNAL';
  const message = typeof e.message === 'string' && e.message ? e.message : 'host error';
  const fields = KioskCallError.shape.error.shape.fields.safeParse(e.fields);
  return { error: { code, message, ...(fields.success && fields.data ? { fields: fields.data } : {}) } };
}

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
        error: {
          code: 'VALIDATION_FAILED',
          message: parsed.error.issues[0]?.message ?? 'bad request',
          fields: fieldErrorsOf(parsed.error.issues),
        },
      };
    }
    try {
      const value = await host.call(channel as KioskChannel, parsed.data as never);
      return { ok: true, value };
    } catch (err) {
      return { ok: false, ...callErrorOf(err) };
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
