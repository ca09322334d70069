import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CodePage, CutVariant, QrMode } from '../../contract/device';
import { centralCaProblem, centralUrlProblem } from './link/tls';

// The kiosk's configuration file (kiosk.json in the data folder): set at provisioning, edited in
// technician mode. Everything has a default so a fresh kiosk starts; the station token is NOT here
// (it lives in the local store, docs/kiosk-host.md).

const SerialSettings = z.object({
  /** Serial port path (/dev/ttyUSB0); null = auto-detect at start. */
  path: z.string().min(1).nullable().default(null),
  baudRate: z.number().int().positive().default(115200),
});

export const PrinterProfile = z.object({
  paperWidth: z.enum(['58mm', '80mm']).default('80mm'),
  /** Print the QR code to the ticket's status page. */
  qr: z.boolean().default(true),
  /** Status poll interval while idle, ms. */
  statusPollMs: z.number().int().positive().default(2000),
  /**
   * The technician's printer profile choice (issue 17, docs/devices.md); each unset field comes from
   * what the printer tells at connect (GS I maker), else the default family.
   */
  family: z.string().min(1).max(40).optional(),
  codePage: CodePage.optional(),
  qrMode: QrMode.optional(),
  cut: CutVariant.optional(),
  speedMmPerSec: z.number().positive().max(1000).optional(),
});
export type PrinterProfile = z.infer<typeof PrinterProfile>;

/**
 * A serial QR/barcode scanner (native/scanner). It only sends, so it cannot be auto-detected: set its
 * port here or in technician mode. Keyboard-wedge scanners type into the page and need no setting.
 */
export const ScannerSettings = z.object({
  /** null = no serial scanner. */
  path: z.string().min(1).nullable().default(null),
  baudRate: z.number().int().positive().default(9600),
  /** What ends a scan: `auto` = CR or LF (so CR, LF, CRLF all work), or cr, lf, crlf, tab, hex:XX…. */
  terminator: z
    .union([z.enum(['auto', 'cr', 'lf', 'crlf', 'tab']), z.string().regex(/^hex:(?:[0-9a-fA-F]{2})+$/)])
    .default('auto'),
  /** Stripped from a scan when the scanner adds it: text, or hex:XX… (e.g. hex:02 for STX). */
  prefix: z.string().max(32).default(''),
  suffix: z.string().max(32).default(''),
  /** `auto`: UTF-8 when the bytes are valid UTF-8, else GB18030. */
  encoding: z.enum(['auto', 'utf8', 'gb18030']).default('auto'),
  /** Longest scan in bytes; longer lines are dropped. */
  maxBytes: z.number().int().min(16).max(8192).default(512),
});
export type ScannerSettings = z.infer<typeof ScannerSettings>;

export const HostConfig = z.object({
  /** https, or http to this machine only (development): link/tls.ts centralUrlProblem. */
  centralUrl: z
    .string()
    .url()
    .superRefine((url, c) => {
      const problem = centralUrlProblem(url);
      if (problem) c.addIssue({ code: 'custom', message: problem });
    })
    .default('http://127.0.0.1:8080'),
  /**
   * The district CA central's certificate must chain to (PEM, stored here at provisioning with
   * --central-ca FILE); null: the system's public roots (docs/tls.md).
   */
  centralCa: z
    .string()
    .max(64 * 1024)
    .superRefine((pem, c) => {
      const problem = centralCaProblem(pem);
      if (problem) c.addIssue({ code: 'custom', message: problem });
    })
    .nullable()
    .default(null),
  reader: SerialSettings.default({ path: null, baudRate: 115200 }),
  printer: SerialSettings.extend({
    baudRate: z.number().int().positive().default(9600),
    profile: PrinterProfile.default({ paperWidth: '80mm', qr: true, statusPollMs: 2000 }),
  }).default({
    path: null,
    baudRate: 9600,
    profile: { paperWidth: '80mm', qr: true, statusPollMs: 2000 },
  }),
  scanner: ScannerSettings.default({
    path: null,
    baudRate: 9600,
    terminator: 'auto',
    prefix: '',
    suffix: '',
    encoding: 'auto',
    maxBytes: 512,
  }),
  /** Seconds without a touch before the countdown (domain.md "Kiosk session rules"). */
  idleTimeoutSec: z.number().int().positive().default(60),
  countdownSec: z.number().int().positive().default(15),
  heartbeatSec: z.number().int().positive().default(30),
  /** scrypt hash of the technician PIN (`scrypt$<salt>$<hash>`, hex); null = technician mode locked. */
  techPinHash: z.string().nullable().default(null),
  /** Numbers to keep leased per window queue for offline tickets. */
  leaseBlockSize: z.number().int().positive().max(200).default(10),
  /** The document camera (高拍仪) for video help: its device label (exact, else a case-insensitive part of
   * it). Unset: a camera whose label says document/高拍/visualizer, else the main camera. */
  documentCamera: z.object({ label: z.string().trim().min(1).max(200).optional() }).default({}),
});
export type HostConfig = z.infer<typeof HostConfig>;
export type HostConfigInput = z.input<typeof HostConfig>;

export function defaultConfig(): HostConfig {
  return HostConfig.parse({});
}

/** Reads the config file, filling defaults; a missing file gives the defaults. */
export function loadConfig(file: string): HostConfig {
  if (!existsSync(file)) return defaultConfig();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = HostConfig.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} has invalid settings: ${issuesOf(parsed.error)}`);
  return parsed.data;
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

/** Writes the config atomically (temp file + rename), so a power cut never leaves half a file. */
export function saveConfig(file: string, config: HostConfig): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(HostConfig.parse(config), null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Merges a partial change into the config (one level deep for reader/printer/scanner). */
export function mergeConfig(base: HostConfig, change: HostConfigInput): HostConfig {
  const parsed = HostConfig.safeParse({
    ...base,
    ...change,
    reader: { ...base.reader, ...(change.reader ?? {}) },
    scanner: { ...base.scanner, ...(change.scanner ?? {}) },
    printer: {
      ...base.printer,
      ...(change.printer ?? {}),
      profile: { ...base.printer.profile, ...(change.printer?.profile ?? {}) },
    },
  });
  // A setting given on the command line or in technician mode is refused with what is wrong with it.
  if (!parsed.success) throw new Error(`invalid settings: ${issuesOf(parsed.error)}`);
  return parsed.data;
}

const SCRYPT_KEYLEN = 32;

/** Hashes a technician PIN for the config file (scrypt, random salt). */
export function hashPin(pin: string): string {
  if (!/^\d{4,12}$/.test(pin)) throw new Error('the technician PIN is 4 to 12 digits');
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(pin, salt, SCRYPT_KEYLEN).toString('hex')}`;
}

export function verifyPin(pin: string, hash: string | null): boolean {
  if (!hash) return false;
  const [scheme, saltHex, keyHex] = hash.split('$');
  if (scheme !== 'scrypt' || !saltHex || !keyHex) return false;
  const expected = Buffer.from(keyHex, 'hex');
  const actual = scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length);
  return expected.length === SCRYPT_KEYLEN && timingSafeEqual(actual, expected);
}
