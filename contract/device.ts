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

export const DetectedDevice = z.object({
  kind: DeviceKind,
  path: z.string(),
  baudRate: z.number().int().positive(),
});
export type DetectedDevice = z.infer<typeof DetectedDevice>;
