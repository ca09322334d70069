import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCentral as startCentralService, type RunningCentral } from '../../central/server';
import type { IdCardSimulator, PrinterSimulator } from '../../native';
import type { ScannerSimulator } from '../../native/sim/scanner-sim';
import { startDevKiosk, type DevKiosk } from '../../main/host/dev/dev-stack';
import type { KioskHost } from '../../main/host/host';

// A whole kiosk for integration and e2e tests: the central service in-process (demo seed, SQLite in a
// temporary folder), an enrolled kiosk host with the ID card and printer simulators on real PTYs, and
// the browser shell serving dist/renderer (run `npm run build` first for pages). Open `kioskUrl` with
// Playwright; drive the devices with `idcardSim.placeCard(0)` / `printerSim.setPaper('out')` /
// `scannerSim.scan('K7Q2M9')` (a serial QR scanner); find
// printed tickets in `printedDir`. stopCentral()/startCentral() restart central on the same port and
// data, for the offline tests.

export interface KioskStackOptions {
  /** Do not open a Chromium window (tests drive their own). Default true. */
  headless?: boolean;
  /** Technician PIN set at provisioning. Default 123456. */
  pin?: string;
  /** Station to enroll (demo ids, docs/central-api.md). Default s-zhangjiang-1. */
  stationId?: string;
}

export interface KioskStack {
  centralUrl: string;
  /** The kiosk page with a fresh one-time bootstrap, http://127.0.0.1:<port>/kiosk/#bridge=<token>; read it once per page load. */
  kioskUrl: string;
  idcardSim: IdCardSimulator;
  printerSim: PrinterSimulator;
  /** The serial QR scanner on its own PTY (unplug/replug really remove the device). */
  scannerSim: ScannerSimulator;
  printedDir: string;
  /** The host facade itself (window.doorstep without a browser). */
  host: KioskHost;
  /** The running central service (for direct checks); replaced by startCentral(). */
  central(): RunningCentral;
  stopCentral(): Promise<void>;
  startCentral(): Promise<void>;
  close(): Promise<void>;
}

export async function startKioskStack(opts: KioskStackOptions = {}): Promise<KioskStack> {
  const root = mkdtempSync(join(tmpdir(), 'doorstep-stack-'));
  const centralDir = join(root, 'central');
  let central: RunningCentral | null = await startCentralService({
    port: 0,
    dataDir: centralDir,
    seed: 'demo',
  });
  const centralUrl = central.url.replace(/\/$/, '');
  const port = Number(new URL(centralUrl).port);
  let kiosk: DevKiosk;
  try {
    kiosk = await startDevKiosk({
      centralUrl,
      dataDir: join(root, 'kiosk'),
      headless: opts.headless ?? true,
      pin: opts.pin,
      stationId: opts.stationId,
    });
  } catch (err) {
    await central.close();
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return {
    centralUrl,
    get kioskUrl() {
      return kiosk.kioskUrl; // each read is a fresh one-time bootstrap
    },
    idcardSim: kiosk.idcardSim,
    printerSim: kiosk.printerSim,
    scannerSim: kiosk.scannerSim,
    printedDir: kiosk.printedDir,
    host: kiosk.host,
    central: () => {
      if (!central) throw new Error('central is stopped');
      return central;
    },
    async stopCentral() {
      const c = central;
      central = null;
      await c?.close();
    },
    async startCentral() {
      if (central) return;
      central = await startCentralService({ port, dataDir: centralDir, seed: 'demo' });
    },
    async close() {
      await kiosk.close();
      await central?.close();
      central = null;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
