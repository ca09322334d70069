import { z } from 'zod';
import { DeviceErrorCode } from './device';
import { KioskProblemCode } from './fleet';
import type { PrinterState as PrinterStates, ReaderState as ReaderStates } from './kiosk';

type PrinterState = z.infer<typeof PrinterStates>;
type ReaderState = z.infer<typeof ReaderStates>;

// One list of device problem codes and one table from a device's state to them (issue 9 "one owner per
// rule"). A printer out of paper is the driver's DEVICE_PAPER_OUT, the kiosk's printer state
// `paper_out`, the resident's text for DEVICE_PAPER_OUT and the district's PRINTER_PAPER_OUT; the
// driver, the host, the kiosk page and central's fleet health read the correspondence here instead of
// each spelling it. Texts: one per device code in contract/i18n/device.ts (the resident's words), one
// per fleet code in contract/i18n/dashboard.ts (a supervisor's words).

/** Every code a kiosk device can report: the drivers' errors and the printer's near-end warning. */
export const DeviceProblemCode = z.enum([...DeviceErrorCode.options, 'DEVICE_PAPER_NEAR_END']);
export type DeviceProblemCode = z.infer<typeof DeviceProblemCode>;

/** A device state that is a problem: the code the kiosk shows (null: none for residents) and the fleet's. */
export interface StateProblem {
  kiosk: DeviceProblemCode | null;
  fleet: KioskProblemCode;
}

export const PRINTER_STATE_PROBLEMS: Readonly<Record<PrinterState, StateProblem | null>> = {
  ok: null,
  paper_near_end: { kiosk: 'DEVICE_PAPER_NEAR_END', fleet: 'PRINTER_PAPER_NEAR_END' },
  paper_out: { kiosk: 'DEVICE_PAPER_OUT', fleet: 'PRINTER_PAPER_OUT' },
  cover_open: { kiosk: 'DEVICE_COVER_OPEN', fleet: 'PRINTER_COVER_OPEN' },
  offline: { kiosk: 'DEVICE_OFFLINE', fleet: 'PRINTER_OFFLINE' },
  error: { kiosk: 'DEVICE_PRINTER_ERROR', fleet: 'PRINTER_ERROR' },
  no_device: { kiosk: 'DEVICE_NOT_FOUND', fleet: 'PRINTER_MISSING' },
  unknown: { kiosk: 'DEVICE_PRINTER_ERROR', fleet: 'PRINTER_UNKNOWN' },
};

export const READER_STATE_PROBLEMS: Readonly<Record<ReaderState, StateProblem | null>> = {
  ok: null,
  no_device: { kiosk: 'DEVICE_NOT_FOUND', fleet: 'READER_MISSING' },
  // The reader's own fault codes (IDCARD_…) come with each failed read; its state says only "broken".
  error: { kiosk: null, fleet: 'READER_ERROR' },
  unknown: { kiosk: null, fleet: 'READER_UNKNOWN' },
};

/**
 * The device code to show a resident for a printer state that stops printing (a state that does not
 * stop it reads as a printer fault: it is asked only when printing was refused).
 */
export function printerProblemCode(state: PrinterState | undefined): DeviceProblemCode {
  const p = state === undefined ? null : PRINTER_STATE_PROBLEMS[state];
  return p?.kiosk && p.kiosk !== 'DEVICE_PAPER_NEAR_END' ? p.kiosk : 'DEVICE_PRINTER_ERROR';
}
