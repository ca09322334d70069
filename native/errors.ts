import type { DeviceErrorCode } from '../contract/device';

// Errors as values with codes (style.md 6), shared by both drivers. The host maps each code once to
// bilingual text (contract/i18n/device.ts deviceErrorText).

export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
    /** Set when the ID card SAM module itself reported the error (hardware.md 1.5). */
    readonly sw3?: number,
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}

export function asDeviceError(err: unknown): DeviceError {
  if (err instanceof DeviceError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const msg = e?.message ?? String(err);
  if (e?.code === 'ENOENT' || /No such file|ENOENT/i.test(msg))
    return new DeviceError('DEVICE_NOT_FOUND', msg);
  return new DeviceError('DEVICE_DISCONNECTED', msg);
}

/** Calls `emit('error', …)` only when someone listens: an unheard 'error' event would crash the host. */
export function emitErrorSafely(
  emitter: { listenerCount(e: string): number; emit(e: string, ...a: unknown[]): boolean },
  err: DeviceError,
): void {
  if (emitter.listenerCount('error') > 0) emitter.emit('error', err);
}
