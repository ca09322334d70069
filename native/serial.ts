import { SerialPort } from 'serialport';
import { DeviceError, asDeviceError } from './errors';

// Opening and closing serial ports with errors as values, shared by both drivers and auto-detect.

/** Both devices are 8N1 without flow control (hardware.md 1.1; ESC/POS printers default to 8N1). */
export function openPort(path: string, baudRate: number): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({
      path,
      baudRate,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      autoOpen: false,
    });
    port.open((err) => {
      if (err) reject(new DeviceError('DEVICE_NOT_FOUND', `cannot open ${path}: ${err.message}`));
      else resolve(port);
    });
  });
}

/**
 * What the printer driver needs of a port: a serial port, or a USB printer-class device opened as a
 * file (native/usblp.ts). Bytes in as 'data', out with write; 'close'/'error' when the device goes.
 */
export interface BytePort {
  readonly isOpen: boolean;
  write(data: Buffer, cb?: (err?: Error | null) => void): boolean;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(cb?: (err?: Error | null) => void): void;
}

/** Closes and resolves even if the close never calls back (a port whose device died under it). */
export function closePort(port: BytePort | undefined, limitMs = 2000): Promise<void> {
  if (!port || !port.isOpen) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, limitMs);
    port.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Milliseconds a real UART needs for `bytes` at `baud`, 8N1 = 10 bits a byte (hardware.md 1.1). */
export function wireMs(bytes: number, baud: number): number {
  return (bytes * 10 * 1000) / baud;
}

/**
 * Writes and waits until the bytes are handed to the OS; a failure is a DeviceError. No tcdrain:
 * it costs a thread-pool round trip per command and the reply time limit already covers the wire.
 */
export function writeAll(port: BytePort, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    port.write(Buffer.from(bytes), (err) => (err ? reject(asDeviceError(err)) : resolve()));
  });
}

/** A sleep that close() can cut short, so no loop outlives its owner. */
export class Waiter {
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  interrupt(): void {
    clearTimeout(this.timer);
    this.wake?.();
  }
}
