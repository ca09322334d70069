import type { DeviceErrorCode, PrinterStatus } from '../../contract/device';

// Real-time status bytes, DLE EOT n = 1..4 (hardware.md 2.5; node-escpos statuses.ts, python-escpos
// RT_MASK_*), and the byte stream around them: Automatic Status Back blocks (2.6) are tolerated and
// GS r 1 replies (paper sensor, processed in sequence) are told apart by their fixed bits.

/** A DLE EOT reply matches 0xx1xx10 (bits 0, 1, 4, 7 fixed). */
export const isRealtimeReply = (b: number) => (b & 0x93) === 0x12;
/** The first byte of an ASB block matches 0xx1xx00. */
export const isAsbStart = (b: number) => (b & 0x93) === 0x10;
/** A GS r 1 reply has bits 4 and 7 clear (Epson ESC/POS "transmit status", paper sensor). */
export const isTransmitStatusReply = (b: number) => (b & 0x90) === 0x00;

const bit = (b: number, n: number) => (b & (1 << n)) !== 0;

export interface RawStatus {
  printer: number; // n = 1
  offline: number; // n = 2
  error: number; // n = 3
  paper: number; // n = 4
}

export function decodeStatus(s: RawStatus): PrinterStatus {
  const online = !bit(s.printer, 3);
  const coverOpen = bit(s.offline, 2);
  const paperEndStop = bit(s.offline, 5);
  const errorOccurred = bit(s.offline, 6);
  const cutterError = bit(s.error, 3);
  const unrecoverableError = bit(s.error, 5);
  const autoRecoverableError = bit(s.error, 6);
  // n = 4: bits 5+6 = paper end, bits 2+3 = near end (either bit set counts: models set one or both).
  const paper = (s.paper & 0x60) !== 0 || paperEndStop ? 'out' : (s.paper & 0x0c) !== 0 ? 'near_end' : 'ok';
  let problem: DeviceErrorCode | undefined;
  if (paper === 'out') problem = 'DEVICE_PAPER_OUT';
  else if (coverOpen) problem = 'DEVICE_COVER_OPEN';
  else if (cutterError) problem = 'DEVICE_CUTTER_ERROR';
  else if (unrecoverableError || autoRecoverableError || errorOccurred) problem = 'DEVICE_PRINTER_ERROR';
  else if (!online) problem = 'DEVICE_OFFLINE';
  return {
    online,
    paper,
    coverOpen,
    cutterError,
    unrecoverableError,
    autoRecoverableError,
    ready: problem === undefined,
    ...(problem ? { problem } : {}),
  };
}

/** A GS I (printer information) text reply is framed as `5F text 00` (Epson ESC/POS GS I n = 65..69). */
export const INFO_HEADER = 0x5f;
const INFO_MAX = 80;

export type StatusEvent =
  | { kind: 'realtime'; byte: number }
  | { kind: 'transmit'; byte: number }
  | { kind: 'asb'; bytes: Buffer }
  | { kind: 'info'; text: string };

/**
 * Splits what a printer sends back into DLE EOT replies, GS r replies, 4-byte ASB blocks and GS I
 * text blocks. Never throws; a byte that fits nothing is counted and dropped.
 */
export class StatusStream {
  private asb: number[] | undefined;
  private info: number[] | undefined;
  dropped = 0;

  push(chunk: Uint8Array): StatusEvent[] {
    const out: StatusEvent[] = [];
    for (const b of chunk) {
      if (this.info) {
        // 0x5F fits none of the status patterns, so it can only open a GS I block; the NUL closes it.
        if (b === 0x00 || this.info.length >= INFO_MAX) {
          out.push({ kind: 'info', text: Buffer.from(this.info).toString('latin1').trim() });
          this.info = undefined;
        } else this.info.push(b);
      } else if (this.asb) {
        this.asb.push(b);
        if (this.asb.length === 4) {
          out.push({ kind: 'asb', bytes: Buffer.from(this.asb) });
          this.asb = undefined;
        }
      } else if (b === INFO_HEADER) this.info = [];
      else if (isRealtimeReply(b)) out.push({ kind: 'realtime', byte: b });
      else if (isAsbStart(b)) this.asb = [b];
      else if (isTransmitStatusReply(b)) out.push({ kind: 'transmit', byte: b });
      else this.dropped++;
    }
    return out;
  }
}

/** Paper state from a GS r 1 reply: bits 2+3 paper end, bits 0+1 near end. */
export function paperOfTransmit(b: number): 'ok' | 'near_end' | 'out' {
  return (b & 0x0c) !== 0 ? 'out' : (b & 0x03) !== 0 ? 'near_end' : 'ok';
}

/** Words for a technician (`npm run device -- status`). */
export function describeStatus(s: PrinterStatus): string {
  const parts = [
    s.online ? 'online' : 'OFFLINE',
    s.paper === 'ok' ? 'paper ok' : s.paper === 'near_end' ? 'paper NEAR END' : 'paper OUT',
    s.coverOpen ? 'cover OPEN' : 'cover closed',
  ];
  if (s.cutterError) parts.push('CUTTER ERROR');
  if (s.unrecoverableError) parts.push('UNRECOVERABLE ERROR');
  if (s.autoRecoverableError) parts.push('auto-recoverable error (e.g. head temperature)');
  return `${s.ready ? 'ready' : `NOT READY (${s.problem})`}: ${parts.join(', ')}`;
}
