import type { EventEmitter } from 'node:events';
import type { ServiceItem } from '../../../contract/catalog';
import type {
  DeviceState,
  PrinterCapabilities,
  PrinterProfileSpec,
  PrinterStatus,
  PrintResult,
} from '../../../contract/device';
import type { IdCardRecord } from '../../../contract/idcard';
import type { Ticket } from '../../../contract/ticket';
import type { PrinterProfile, ScannerSettings } from '../config';

// What the host needs of the native drivers (architecture decision 6: hardware behind small
// interfaces). native-drivers.ts binds these to native/; tests may pass other implementations.

export interface ReaderDriver extends EventEmitter<{
  card: [IdCardRecord];
  removed: [];
  status: [{ state: DeviceState; error?: string; detail?: string }];
}> {
  readonly state: DeviceState;
  open(): Promise<void>;
  close(): Promise<void>;
}

/** A serial QR/barcode scanner: it only sends, so open/close and what it read. */
export interface ScannerDriver extends EventEmitter<{
  scan: [{ text: string; at: string }];
  rejected: [{ reason: string; bytes: number }];
  status: [{ state: DeviceState; error?: string; detail?: string }];
  error: [Error];
}> {
  readonly state: DeviceState;
  open(): Promise<void>;
  close(): Promise<void>;
}

/** Something to print, in the host's terms; the driver side lays it out (native layouts). */
export type PrintDocument =
  | {
      kind: 'ticket';
      ticket: Ticket;
      item: ServiceItem;
      stationName: { zh: string; en: string };
      centreName: { zh: string; en: string };
      /** Extra bilingual line (e.g. the offline notice). */
      note?: string;
    }
  | { kind: 'materials'; item: ServiceItem; stationName: { zh: string; en: string } }
  | {
      kind: 'test';
      lines: string[];
      /** Printed as a QR code (when the profile prints QR codes). */ qr?: string;
    }
  /** 预约单 after booking at the kiosk; laid out by native's appointmentSlip. */
  | {
      kind: 'appointment';
      centre: { zh: string; en: string };
      station: { zh: string; en: string };
      service: { zh: string; en: string };
      startsAt: string;
      endsAt: string;
      checkInFrom: string;
      checkInTo: string;
      code: string;
    }
  /** 回执 after a video case (main/host/video/receipt.ts); laid out by native's caseReceipt. */
  | {
      kind: 'receipt';
      centre: { zh: string; en: string };
      caseNumber: string;
      service: { zh: string; en: string };
      outcome: 'done' | 'to_window' | 'appointment' | 'more_materials';
      missing: Array<{ name: { zh: string; en: string }; copies: number; original: boolean }>;
      at: string;
      station?: { zh: string; en: string };
      agentName?: string;
      statusUrl?: string;
    };

export interface PrinterDriver {
  readonly state: DeviceState;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Real-time status (DLE EOT), asked now. */
  status(): Promise<PrinterStatus>;
  print(doc: PrintDocument): Promise<PrintResult>;
  /** Issue 17: what the printer answered at connect and the profile in use (absent: not known yet). */
  found?(): { capabilities?: PrinterCapabilities; profile: PrinterProfileSpec; words: string } | undefined;
}

export interface DetectedPorts {
  reader: { path: string; baudRate: number } | null;
  printer: { path: string; baudRate: number } | null;
}

export interface DriverFactory {
  reader(path: string, baudRate: number): ReaderDriver;
  printer(path: string, baudRate: number, profile: PrinterProfile): PrinterDriver;
  /** Probes serial ports for the two devices (auto-detect), trying `alsoTry` before the usual ports. */
  detect(alsoTry?: string[]): Promise<DetectedPorts>;
  /** A serial QR scanner on `settings.path` (absent: the kiosk has no serial scanner support). */
  scanner?(settings: ScannerSettings & { path: string }): ScannerDriver;
  /** Serial ports present on this machine, for the technician's port settings. */
  listPorts?(): Promise<string[]>;
}
