import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCandidatePorts, detectDevices, IdCardReader, TicketPrinter } from '../../../native';
import type { TerminatorSpec } from '../../../native/scanner/line-decoder';
import { QrScanner } from '../../../native/scanner/scanner';
import type { Log } from '../log';
import type { DriverFactory, PrinterDriver, ReaderDriver } from './drivers';
import { describeCapabilities, describeProfile, layoutProfile } from '../../../native/printer/profile';
import { jobIdOf, layoutBytes } from './layouts';

// The DriverFactory over native/: the GA 467 ID card reader driver, the ESC/POS ticket printer
// driver (its persisted job queue in the data folder) and the serial QR scanner driver. Driver log lines go to the host log as
// "native". A ticket printed before is printed again through the driver's reprint (补打).

export function createNativeDrivers(log: Log, dataDir: string): DriverFactory {
  const nativeLog = (level: 'info' | 'warn' | 'error', message: string) => log(level, 'native', message);
  return {
    reader(path, baudRate): ReaderDriver {
      return new IdCardReader({
        path,
        baudRate,
        waitForDevice: true,
        logger: nativeLog,
      }) as unknown as ReaderDriver;
    },
    printer(path, baudRate, profile): PrinterDriver {
      const { family, codePage, qrMode, cut, speedMmPerSec } = profile;
      const p = new TicketPrinter({
        path,
        baudRate,
        queueFile: join(dataDir, 'print-queue.json'),
        logger: nativeLog,
        // /dev/usb/lp* is the USB printer class (issue 17): a file, not a serial port.
        transport: path.startsWith('/dev/usb/') ? 'usblp' : 'serial',
        // The technician's choices, kept in kiosk.json. 80 mm is also the setting's default, so only
        // 58 mm overrides a family the printer names (a 58 mm printer stays 58 mm).
        profile: {
          family,
          codePage,
          qrMode,
          cut,
          speedMmPerSec,
          ...(profile.paperWidth === '58mm' ? { paperWidth: '58mm' as const } : {}),
        },
      });
      return {
        get state() {
          return p.state;
        },
        open: () => p.open(),
        close: () => p.close(),
        status: () => p.status(),
        async print(doc) {
          const id = jobIdOf(doc);
          const known = id ? p.jobs().find((j) => j.id === id) : undefined;
          if (id && known) return p.reprint(id);
          return p.print({ id, kind: doc.kind, bytes: layoutBytes(doc, profile, layoutProfile(p.profile)) });
        },
        found() {
          const caps = p.capabilities;
          const words = caps
            ? `${describeCapabilities(caps)}. Profile ${describeProfile(p.profile)}`
            : `not probed yet. Profile ${describeProfile(p.profile)}`;
          return { ...(caps ? { capabilities: caps } : {}), profile: p.profile, words };
        },
      };
    },
    scanner(settings) {
      return new QrScanner({
        path: settings.path,
        baudRate: settings.baudRate,
        terminator: settings.terminator as TerminatorSpec,
        prefix: settings.prefix,
        suffix: settings.suffix,
        encoding: settings.encoding,
        maxBytes: settings.maxBytes,
        waitForDevice: true,
        logger: nativeLog,
      });
    },
    async listPorts() {
      // Stable udev names first (docs/devices.md: pin the names by serial number), then the usual ones.
      const byId = (() => {
        try {
          return readdirSync('/dev/serial/by-id').map((n) => `/dev/serial/by-id/${n}`);
        } catch {
          return [];
        }
      })();
      return [...byId, ...defaultCandidatePorts()];
    },
    async detect(alsoTry = []) {
      const ports = [...new Set([...alsoTry, ...defaultCandidatePorts()])];
      const found = await detectDevices({ ports });
      const of = (kind: string) => found.find((d) => d.kind === kind) ?? null;
      const pick = (d: (typeof found)[number] | null) => (d ? { path: d.path, baudRate: d.baudRate } : null);
      log(
        'info',
        'devices',
        `auto-detect over ${ports.length} ports: ${found.map((d) => `${d.kind} ${d.path}`).join(', ') || 'nothing'}`,
      );
      return { reader: pick(of('idcard_reader')), printer: pick(of('ticket_printer')) };
    },
  };
}
