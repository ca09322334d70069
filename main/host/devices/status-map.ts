import type { DeviceState, PrinterStatus } from '../../../contract/device';
import type { KioskDeviceStatus } from '../../../contract/kiosk';

// Native driver states (contract/device.ts) mapped once to what the kiosk shows (contract/kiosk.ts).

export function readerStateOf(state: DeviceState, error?: string): KioskDeviceStatus['reader']['state'] {
  if (state === 'ready') return 'ok';
  if (error === 'DEVICE_NOT_FOUND' || error === 'DEVICE_DISCONNECTED') return 'no_device';
  if (state === 'fault' || state === 'reconnecting') return 'error';
  return 'unknown';
}

export function printerStateOf(s: PrinterStatus): KioskDeviceStatus['printer']['state'] {
  if (s.paper === 'out' || s.problem === 'DEVICE_PAPER_OUT') return 'paper_out';
  if (s.coverOpen || s.problem === 'DEVICE_COVER_OPEN') return 'cover_open';
  if (!s.online || s.problem === 'DEVICE_OFFLINE') return 'offline';
  if (s.cutterError || s.unrecoverableError || s.autoRecoverableError || !s.ready) return 'error';
  return s.paper === 'near_end' ? 'paper_near_end' : 'ok';
}
