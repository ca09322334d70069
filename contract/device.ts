import { z } from 'zod';

// Shapes of the serial devices that cross the native/host boundary (issue 4, hardware.md parts 1-2).
// Codes are stable: the host maps each once to bilingual text (contract/i18n/device.ts).

export const DeviceKind = z.enum(['idcard_reader', 'ticket_printer']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const DeviceErrorCode = z.enum([
  'DEVICE_NOT_FOUND', // the port path does not exist or cannot be opened
  'DEVICE_DISCONNECTED', // the port closed under us (unplugged)
  'DEVICE_TIMEOUT', // no complete reply within the time limit
  'DEVICE_BAD_REPLY', // a reply that does not fit the protocol
  'DEVICE_BUSY', // a command is already in flight
  // ID card reader, GA 467 SW3 codes (hardware.md 1.5)
  'IDCARD_SAM_FAULT', // 0x60 self-test failed, 0x66 not authorised
  'IDCARD_HOST_FRAME', // 0x10 checksum, 0x11 length, 0x21 command error, 0x23, 0x24
  'IDCARD_NO_CARD', // 0x80 find failed
  'IDCARD_SELECT_FAILED', // 0x81
  'IDCARD_READ_FAILED', // 0x41
  'IDCARD_UNKNOWN_CARD', // 0x40
  'IDCARD_AUTH_FAILED', // 0x31 0x32 0x33 0x47
  'IDCARD_NO_CONTENT', // 0x91
  'IDCARD_BAD_RECORD', // the text block does not parse to a valid record
  // Ticket printer, DLE EOT (hardware.md 2.5)
  'DEVICE_PAPER_OUT',
  'DEVICE_COVER_OPEN',
  'DEVICE_OFFLINE',
  'DEVICE_CUTTER_ERROR',
  'DEVICE_PRINTER_ERROR',
  'PRINT_JOB_UNKNOWN',
  // A write-only port (USB printer class without read-back, or a printer that answers nothing): the
  // bytes went out, but nothing says whether they were printed.
  'PRINT_UNCONFIRMED',
]);
export type DeviceErrorCode = z.infer<typeof DeviceErrorCode>;

export const DeviceState = z.enum(['closed', 'connecting', 'ready', 'fault', 'reconnecting']);
export type DeviceState = z.infer<typeof DeviceState>;

/** What the host shows on the technician page and reports to central fleet health. */
export const DeviceStatus = z.object({
  kind: DeviceKind,
  path: z.string(),
  state: DeviceState,
  /** Set when state is fault/reconnecting. */
  error: DeviceErrorCode.optional(),
  detail: z.string().optional(),
  at: z.string().datetime({ offset: true }),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/** Real-time printer status decoded from DLE EOT 1..4 (hardware.md 2.5). */
export const PrinterStatus = z.object({
  online: z.boolean(),
  paper: z.enum(['ok', 'near_end', 'out']),
  coverOpen: z.boolean(),
  cutterError: z.boolean(),
  unrecoverableError: z.boolean(),
  autoRecoverableError: z.boolean(),
  /** True when a job can be printed now. Near end still prints. */
  ready: z.boolean(),
  /** The first blocking problem, if any. */
  problem: DeviceErrorCode.optional(),
});
export type PrinterStatus = z.infer<typeof PrinterStatus>;

export const PrintJobState = z.enum(['queued', 'printing', 'printed', 'failed']);
export type PrintJobState = z.infer<typeof PrintJobState>;

export const PrintResult = z.discriminatedUnion('printed', [
  z.object({
    printed: z.literal(true),
    jobId: z.string().min(1),
    /** True when this job id was printed before: nothing was printed again (use reprint). */
    alreadyPrinted: z.boolean().optional(),
    /** Paper is near its end: still printed, but tell a technician. */
    warning: z.literal('DEVICE_PAPER_NEAR_END').optional(),
    /**
     * What showed the job was done (issue 17): the printer's GS r 1 reply after the job, or DLE EOT
     * polled until the job's computed print time passed with the printer online and without error.
     * Absent from drivers older than issue 17.
     */
    evidence: z.enum(['transmit_status', 'realtime_poll']).optional(),
  }),
  z.object({
    printed: z.literal(false),
    jobId: z.string().min(1),
    reason: DeviceErrorCode,
    detail: z.string(),
    /** True when the job may have been partly printed (failure during the job). */
    partial: z.boolean(),
  }),
]);
export type PrintResult = z.infer<typeof PrintResult>;

export const PaperWidth = z.enum(['58mm', '80mm']);
export type PaperWidth = z.infer<typeof PaperWidth>;

/** How the driver reaches a device: a serial port (incl. USB-serial bridges) or the USB printer class. */
export const DeviceTransport = z.enum(['serial', 'usblp']);
export type DeviceTransport = z.infer<typeof DeviceTransport>;

/**
 * What a printer was found to answer at connect (issue 17, docs/devices.md): never assumed.
 * `completion` is the strongest end-of-job signal the driver will use with it.
 */
export const PrinterCapabilities = z.object({
  transport: DeviceTransport,
  /** The port can be read (a USB printer-class device may be write-only). */
  bidirectional: z.boolean(),
  /** Which DLE EOT n (1..4) the printer answered. */
  realtime: z.array(z.number().int().min(1).max(4)),
  /** GS r 1 answered in sequence. */
  transmitStatus: z.boolean(),
  /** GS a n made it send an Automatic Status Back block. */
  asb: z.boolean(),
  /** GS I 66 / GS I 67, where answered. */
  maker: z.string().max(64).optional(),
  model: z.string().max(64).optional(),
  completion: z.enum(['transmit_status', 'realtime_poll', 'none']),
});
export type PrinterCapabilities = z.infer<typeof PrinterCapabilities>;

export const CodePage = z.enum(['gb18030', 'gbk', 'gb2312']);
export type CodePage = z.infer<typeof CodePage>;
export const QrMode = z.enum(['gs_k', 'raster']);
export type QrMode = z.infer<typeof QrMode>;
/** GS V m: 0 full, 1 partial, 65 feed + full, 66 feed + partial (hardware.md 2.1). */
export const CutVariant = z.enum(['gs_v_0', 'gs_v_1', 'gs_v_65', 'gs_v_66']);
export type CutVariant = z.infer<typeof CutVariant>;

/** The printer's profile: what the layouts and the driver read (issue 17). */
export const PrinterProfileSpec = z.object({
  /** Printer family name (docs/devices.md matrix), e.g. `epson-compatible`, `gbk-basic-58`. */
  family: z.string().min(1).max(40),
  paperWidth: PaperWidth,
  codePage: CodePage,
  qrMode: QrMode,
  cut: CutVariant,
  speedMmPerSec: z.number().positive().max(1000),
  /** Where the profile came from: the printer's own answers, or a technician's choice. */
  source: z.enum(['detected', 'default', 'technician']),
});
export type PrinterProfileSpec = z.infer<typeof PrinterProfileSpec>;

export const DetectedDevice = z.object({
  kind: DeviceKind,
  path: z.string(),
  baudRate: z.number().int().positive(),
  /** Absent before issue 17 and for the reader. */
  transport: DeviceTransport.optional(),
  capabilities: PrinterCapabilities.optional(),
  profile: PrinterProfileSpec.optional(),
});
export type DetectedDevice = z.infer<typeof DetectedDevice>;
