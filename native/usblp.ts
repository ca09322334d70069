import { EventEmitter } from 'node:events';
import { constants, promises as fsp, readdirSync, readFileSync, type Stats } from 'node:fs';
import { DeviceError } from './errors';
import type { BytePort } from './serial';

// USB printer class (issue 17): the kernel's usblp driver gives each printer a character device,
// /dev/usb/lp0.., read-write when the printer's interface is bidirectional (status comes back through
// the same reads), write-only otherwise. No termios and no baud rate: the device is opened as a file,
// non-blocking, and read by polling, so a silent printer never holds a libuv thread. A FIFO stands in
// for a write-only printer and a PTY for a bidirectional one in the tests.

const READ_POLL_MS = 10;
const CHUNK = 4096;

export interface UsbPrinterPort extends BytePort {
  /** False when the device (or the FIFO standing in for it) can only be written. */
  readonly readable: boolean;
}

class FilePort extends EventEmitter implements UsbPrinterPort {
  private open = true;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly fh: fsp.FileHandle,
    readonly readable: boolean,
    private readonly path: string,
  ) {
    super();
    if (readable) this.poll();
  }

  get isOpen(): boolean {
    return this.open;
  }

  private poll(): void {
    const buf = Buffer.alloc(CHUNK);
    // Each pass reads what is there (EAGAIN: nothing yet) and schedules the next while open.
    const pass = async () => {
      if (!this.open) return;
      try {
        for (let i = 0; i < 16; i++) {
          const { bytesRead } = await this.fh.read(buf, 0, CHUNK, null);
          if (bytesRead <= 0) break;
          this.emit('data', Buffer.from(buf.subarray(0, bytesRead)));
        }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') return this.fail(err as Error);
      }
      if (this.open) this.timer = setTimeout(() => void pass(), READ_POLL_MS);
    };
    void pass();
  }

  write(data: Buffer, cb?: (err?: Error | null) => void): boolean {
    // Writes are queued in order; a full device buffer (EAGAIN) is retried until the bytes are out.
    this.writing = this.writing.then(async () => {
      let off = 0;
      let spins = 0;
      while (off < data.length) {
        if (!this.open) throw new DeviceError('DEVICE_DISCONNECTED', `${this.path} is closed`);
        try {
          const { bytesWritten } = await this.fh.write(data, off, data.length - off, null);
          off += bytesWritten;
          spins = 0;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if ((code !== 'EAGAIN' && code !== 'EWOULDBLOCK') || ++spins > 500) throw err;
          await new Promise((r) => setTimeout(r, READ_POLL_MS));
        }
      }
    });
    this.writing.then(
      () => cb?.(null),
      (err: Error) => {
        cb?.(err);
        this.fail(err);
      },
    );
    this.writing = this.writing.catch(() => undefined);
    return true;
  }

  private fail(err: Error): void {
    if (!this.open) return;
    this.emit('error', err);
    this.close();
  }

  close(cb?: (err?: Error | null) => void): void {
    if (!this.open) return void cb?.(null);
    this.open = false;
    clearTimeout(this.timer);
    this.fh.close().then(
      () => {
        this.emit('close');
        cb?.(null);
      },
      (err: Error) => cb?.(err),
    );
  }
}

/**
 * Opens a USB printer-class device by path. A character device is opened read-write when the
 * kernel allows it; a FIFO (the tests' write-only stand-in) or a device refusing reads, write-only.
 */
export async function openUsbPrinter(path: string): Promise<UsbPrinterPort> {
  let st: Stats;
  try {
    st = await fsp.stat(path);
  } catch (err) {
    throw new DeviceError('DEVICE_NOT_FOUND', `cannot open ${path}: ${(err as Error).message}`);
  }
  const flags = constants.O_NONBLOCK | constants.O_NOCTTY;
  if (!st.isFIFO()) {
    try {
      return new FilePort(await fsp.open(path, constants.O_RDWR | flags), true, path);
    } catch {
      // EACCES/EINVAL for read: fall through to write-only.
    }
  }
  try {
    return new FilePort(await fsp.open(path, constants.O_WRONLY | flags), false, path);
  } catch (err) {
    throw new DeviceError('DEVICE_NOT_FOUND', `cannot open ${path}: ${(err as Error).message}`);
  }
}

/** /dev/usb/lp* as they exist on this machine. */
export function usbPrinterPaths(): string[] {
  try {
    return readdirSync('/dev/usb')
      .filter((n) => /^lp\d+$/.test(n))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((n) => `/dev/usb/${n}`);
  } catch {
    return [];
  }
}

/**
 * The /dev/usb/lp* device of a USB vendor:product id (hex, e.g. `0519:2013`), from sysfs; null when
 * no such printer is plugged in. `sysRoot` is for tests.
 */
export function usbPrinterByVidPid(vidPid: string, sysRoot = '/sys/class/usbmisc'): string | null {
  const [vid, pid] = vidPid.toLowerCase().split(':');
  let names: string[];
  try {
    names = readdirSync(sysRoot).filter((n) => /^lp\d+$/.test(n));
  } catch {
    return null;
  }
  for (const n of names) {
    // usbmisc/lpN/device is the interface; its parent directory holds idVendor and idProduct.
    try {
      const dev = `${sysRoot}/${n}/device/..`;
      const v = readFileSync(`${dev}/idVendor`, 'utf8').trim().toLowerCase();
      const p = readFileSync(`${dev}/idProduct`, 'utf8').trim().toLowerCase();
      if (v === vid && p === pid) return `/dev/usb/${n}`;
    } catch {
      // not a USB device we can read: skip it
    }
  }
  return null;
}
