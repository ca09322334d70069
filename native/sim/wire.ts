import type { SerialPort } from 'serialport';
import { wireMs } from '../serial';

// A PTY moves bytes as fast as the kernel can (hardware.md 3.2), so simulators pace their output to
// the wire time of the configured baud rate themselves: 10 bits a byte for 8N1.

export { wireMs };

const sleepUntil = (t: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, t - performance.now())));

/**
 * Writes `bytes` in slices of about 10 ms of wire time, each released on an absolute timeline from
 * `start`, so timer jitter does not add up. Resolves when the last slice is handed to the port.
 */
export async function pacedWrite(
  port: SerialPort,
  bytes: Buffer,
  baud: number,
  start = performance.now(),
  isCancelled: () => boolean = () => false,
): Promise<void> {
  const slice = Math.max(16, Math.round(baud / 10 / 100));
  for (let off = 0; off < bytes.length; off += slice) {
    const part = bytes.subarray(off, Math.min(bytes.length, off + slice));
    // A slice may leave when its last byte would have left a real UART.
    await sleepUntil(start + wireMs(off + part.length, baud));
    if (isCancelled() || !port.isOpen) return;
    port.write(part);
  }
}

export { sleepUntil };
