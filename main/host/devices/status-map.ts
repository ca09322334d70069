import type { DeviceState, PrinterStatus } from '../../../contract/device';
import type { KioskDeviceStatus } from '../../../contract/kiosk';
import { PRINTER_STATE_PROBLEMS } from '../../../contract/device-problems';

// Native driver states (contract/device.ts) mapped once to what the kiosk shows (contract/kiosk.ts),
// through the device problem table (contract/device-problems.ts).

export function readerStateOf(state: DeviceState, error?: string): KioskDeviceStatus['reader']['state'] {
  if (state === 'ready') return 'ok';
  if (error === 'DEVICE_NOT_FOUND' || error === 'DEVICE_DISCONNECTED') return 'no_device';
  if (state === 'fault' || state === 'reconnecting') return 'error';
  return 'unknown';
}

export function printerStateOf(s: PrinterStatus): KioskDeviceStatus['printer']['state'] {
  const is = (state: 'paper_out' | 'cover_open' | 'offline') =>
    s.problem !== undefined && s.problem === PRINTER_STATE_PROBLEMS[state]?.kiosk;
  if (s.paper === 'out' || is('paper_out')) return 'paper_out';
  if (s.coverOpen || is('cover_open')) return 'cover_open';
  if (!s.online || is('offline')) return 'offline';
  if (s.cutterError || s.unrecoverableError || s.autoRecoverableError || !s.ready) return 'error';
  return s.paper === 'near_end' ? 'paper_near_end' : 'ok';
}
