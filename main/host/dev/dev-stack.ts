import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  startIdCardSimulator,
  startPrinterSimulator,
  type IdCardSimulator,
  type PrinterSimulator,
} from '../../../native';
import { createPtyPair, type PtyPair } from '../../../native/pty/socat-pair';
import { startControlServer } from '../../../native/sim/control';
import { startScannerSimulator, type ScannerSimulator } from '../../../native/sim/scanner-sim';
import { hashPin } from '../config';
import { createKioskHost, type KioskHost } from '../host';
import { openKioskWindow } from '../browser-shell/chromium';
import { startBrowserShell, type BrowserShell } from '../browser-shell/server';
import { demoEnrollmentCode } from './admin-enrollment';
import { simulatorCommands } from './sim-control';

// One enrolled kiosk with simulated devices, for `npm start`, demos and tests: socat PTY pairs with the
// ID card, printer and serial QR scanner simulators on their device ends, the kiosk host on the kiosk
// ends, enrolled with a demo code from central's admin API, and the browser shell (Chromium unless
// headless). The scanner simulator owns its PTY pair, so its unplug/replug really remove the device.

export interface DevKioskOptions {
  centralUrl: string;
  dataDir: string;
  /** Port of the kiosk page and bridge; 0 = any. */
  port?: number;
  headless?: boolean;
  rendererDir?: string;
  stationId?: string;
  /** Technician PIN for the demo (default 123456). */
  pin?: string;
  /** Port of the simulators' control API; 0 = any. */
  controlPort?: number;
  /** The bridge secret of the kiosk URL; random when not given (npm start keeps one across restarts). */
  bridgeSecret?: string;
  /** Also write the host's log lines to stderr (npm start files and filters them). */
  logEcho?: boolean;
}

export interface DevKiosk {
  host: KioskHost;
  shell: BrowserShell;
  kioskUrl: string;
  idcardSim: IdCardSimulator;
  printerSim: PrinterSimulator;
  /** The serial QR scanner (9600 baud, CR after each scan); `scan('K7Q2M9')`. */
  scannerSim: ScannerSimulator;
  /** Where the printer simulator writes each printed page (PNG + transcript). */
  printedDir: string;
  /** Loopback control API of the simulators (GET lists the commands). */
  controlUrl: string;
  commands: ReturnType<typeof simulatorCommands>;
  close(): Promise<void>;
}

export async function startDevKiosk(o: DevKioskOptions): Promise<DevKiosk> {
  const dataDir = resolve(o.dataDir);
  const printedDir = join(dataDir, 'printed');
  mkdirSync(printedDir, { recursive: true });
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  try {
    const readerPty: PtyPair = await createPtyPair({ name: 'idcard' });
    cleanups.push(() => readerPty.close());
    const printerPty: PtyPair = await createPtyPair({ name: 'printer' });
    cleanups.push(() => printerPty.close());
    const idcardSim = await startIdCardSimulator({ path: readerPty.devicePath });
    cleanups.push(() => idcardSim.close());
    const printerSim = await startPrinterSimulator({ path: printerPty.devicePath, outDir: printedDir });
    cleanups.push(() => printerSim.close());
    const scannerSim = await startScannerSimulator({ pty: { name: 'scanner' }, baudRate: 9600 });
    cleanups.push(() => scannerSim.close());

    // A restart while central is away must still bring the (already enrolled) kiosk back: without a
    // code the host starts with its stored token, or warns that it is not enrolled.
    const enrollCode = await demoEnrollmentCode(o.centralUrl, o.stationId).catch((err: unknown) => {
      if (err instanceof TypeError) return undefined; // fetch failed: central unreachable
      throw err;
    });
    const host = await createKioskHost({
      dataDir,
      enrollCode,
      logEcho: o.logEcho,
      config: {
        centralUrl: o.centralUrl,
        reader: { path: readerPty.kioskPath, baudRate: 115200 },
        printer: { path: printerPty.kioskPath, baudRate: 115200 },
        scanner: { path: scannerSim.kioskPath, baudRate: scannerSim.baudRate },
        techPinHash: hashPin(o.pin ?? '123456'),
      },
    });
    cleanups.push(() => host.close());
    const shell = await startBrowserShell({
      host,
      log: host.logger.log,
      rendererDir: resolve(o.rendererDir ?? 'dist/renderer'),
      port: o.port ?? 0,
      devSecret: o.bridgeSecret,
    });
    cleanups.push(() => shell.close());
    const commands = simulatorCommands(idcardSim, printerSim, scannerSim);
    const control = await startControlServer(commands, o.controlPort ?? 0);
    cleanups.push(() => new Promise((r) => control.server.close(r)));
    if (o.headless === false) {
      const browser = openKioskWindow(shell.kioskUrl, join(dataDir, 'chromium'), () => undefined);
      cleanups.push(() => browser.kill('SIGTERM'));
    }
    return {
      host,
      shell,
      get kioskUrl() {
        return shell.kioskUrl; // a fresh one-time bootstrap each time (unless a fixed dev secret is set)
      },
      idcardSim,
      printerSim,
      scannerSim,
      printedDir,
      controlUrl: control.url,
      commands,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
