import { z } from 'zod';
import { OpenToday } from './api/admin-calendar';
import { BookResponse, ResidentAppointment } from './api/appointments';
import { CatalogResponse } from './api/catalog';
import { PriorityClaim } from './api/tickets';
import { AppointmentSlot } from './appointment';
import { Channel } from './catalog';
import { ErrorBody } from './errors';
import { CodePage, CutVariant, PaperWidth, PrinterCapabilities, PrinterProfileSpec, QrMode } from './device';
import { CardType, Sex } from './idcard';
import { QueueSummary } from './queue';
import { Ticket } from './ticket';
import { VIDEO_CHANNELS, VideoKioskEvent } from './video-kiosk';

// window.doorstep: the one typed API between the kiosk renderer and the kiosk host, the same over
// Electron IPC (preload + contextBridge) and over the browser-shell WebSocket bridge. Each call is a
// channel with a request and a response schema; both sides validate. The host keeps the station
// token and the full identity; the renderer sees only what a screen shows.

/** What the renderer may show of the person at the kiosk (the full record stays in the host). */
export const KioskIdentity = z.object({
  source: z.enum(['card', 'manual', 'appointment_code']),
  cardType: CardType.nullable(),
  name: z.string().nullable(),
  sex: Sex.nullable(),
  /** Masked ID number (310115********1234). */
  idMasked: z.string(),
  age: z.number().int().nonnegative().nullable(),
  /** 70+, from the birth date: the ticket gets priority. */
  senior: z.boolean(),
  expired: z.boolean(),
});
export type KioskIdentity = z.infer<typeof KioskIdentity>;

export const ReaderState = z.enum(['ok', 'no_device', 'error', 'unknown']);
export const PrinterState = z.enum([
  'ok',
  'paper_near_end',
  'paper_out',
  'cover_open',
  'offline',
  'error',
  'no_device',
  'unknown',
]);
/** A serial QR/barcode scanner; `off` = none configured (a keyboard-wedge scanner needs no setting). */
export const ScannerState = z.enum(['ok', 'no_device', 'error', 'off', 'unknown']);
/**
 * A technician's test of what video help needs (technician mode): the camera shows a live picture, the
 * microphone hears, the speaker plays a tone the technician heard, the document camera shows a picture.
 * The latest of each kind goes with the devices in the heartbeat, so the district sees it too.
 */
export const MediaCheckKind = z.enum(['camera', 'microphone', 'speaker', 'document_camera']);
export type MediaCheckKind = z.infer<typeof MediaCheckKind>;
export const MediaCheck = z.object({
  kind: MediaCheckKind,
  ok: z.boolean(),
  at: z.string().datetime({ offset: true }),
  /** What was found, for a technician (device label, resolution, level); not translated. */
  detail: z.string().max(200),
});
export type MediaCheck = z.infer<typeof MediaCheck>;

export const KioskDeviceStatus = z.object({
  reader: z.object({ state: ReaderState, port: z.string().nullable(), detail: z.string().optional() }),
  printer: z.object({
    state: PrinterState,
    port: z.string().nullable(),
    detail: z.string().optional(),
    /** Issue 17: what the printer answered at connect and the profile in use, in words and as data. */
    found: z.string().max(400).optional(),
    capabilities: PrinterCapabilities.optional(),
    profile: PrinterProfileSpec.optional(),
  }),
  /** Printing can start now (paper in, cover shut, online). */
  canPrint: z.boolean(),
  /** Absent from kiosks older than the serial scanner driver. */
  scanner: z
    .object({ state: ScannerState, port: z.string().nullable(), detail: z.string().optional() })
    .optional(),
  /** The technician's latest camera, microphone, speaker and document camera tests; absent until one ran. */
  media: z.array(MediaCheck).max(4).optional(),
});
export type KioskDeviceStatus = z.infer<typeof KioskDeviceStatus>;

export const LinkStatus = z.object({
  online: z.boolean(),
  enrolled: z.boolean(),
  lastContactAt: z.string().nullable(),
  outboxDepth: z.number().int().nonnegative(),
  /** Central clock minus kiosk clock, ms; null until known. */
  clockSkewMs: z.number().nullable(),
});
export type LinkStatus = z.infer<typeof LinkStatus>;

export const PrintOutcome = z.object({
  printed: z.boolean(),
  /** Device error code when not printed (DEVICE_PAPER_OUT, DEVICE_COVER_OPEN, DEVICE_OFFLINE, …). */
  reason: z.string().nullable(),
});
export type PrintOutcome = z.infer<typeof PrintOutcome>;

export const IssueTicketResult = z.object({
  ticket: Ticket,
  print: PrintOutcome,
  /** Issued from a leased number block while the central service was unreachable. */
  offline: z.boolean(),
});
export type IssueTicketResult = z.infer<typeof IssueTicketResult>;

export const KioskConfigView = z.object({
  stationName: z.object({ zh: z.string(), en: z.string() }),
  centreName: z.object({ zh: z.string(), en: z.string() }),
  centreId: z.string(),
  idleTimeoutSec: z.number().int().positive(),
  countdownSec: z.number().int().positive(),
  version: z.string(),
});
export type KioskConfigView = z.infer<typeof KioskConfigView>;

const Empty = z.object({}).strict();

export const SerialPortSetting = z.object({
  path: z.string().min(1).max(200),
  baudRate: z.number().int().positive().max(4_000_000),
});
export type SerialPortSetting = z.infer<typeof SerialPortSetting>;

/** The technician's test card read: what the card is, never the whole name or number. */
export const TechCardRead = z.object({
  cardType: CardType,
  /** 王** — first character only. */
  nameMasked: z.string(),
  /** 310115********1234. */
  idMasked: z.string(),
  expired: z.boolean(),
});
export type TechCardRead = z.infer<typeof TechCardRead>;

/** Request/response schemas per channel (renderer → host). */
export const KioskChannels = {
  'config.get': { request: Empty, response: KioskConfigView },
  'catalog.get': {
    request: Empty,
    /** With the priority claims central offers (empty offline before central was ever reached). */
    response: CatalogResponse,
  },
  /** Is the station's centre open today (holidays, closures, opening hours) and when it opens next;
   * the last answer when central is unreachable (issue 12: the start screen's 今日休息). */
  'calendar.today': { request: Empty, response: OpenToday },
  'queues.get': { request: Empty, response: z.object({ queues: z.array(QueueSummary) }) },
  'devices.status': { request: Empty, response: KioskDeviceStatus },
  'link.status': { request: Empty, response: LinkStatus },
  /** Manual ID entry (GB 11643 validated again in the host). */
  'identity.manual': { request: z.object({ idNumber: z.string() }), response: KioskIdentity },
  /** An appointment code typed or scanned (keyboard-wedge scanners type into the page). */
  'identity.appointmentCode': { request: z.object({ code: z.string() }), response: KioskIdentity },
  /** Ends the session: the host forgets the identity. */
  'session.end': { request: Empty, response: Empty },
  'tickets.issue': {
    request: z.object({
      itemId: z.string(),
      channel: Channel,
      /** Issue without printing (printer out of paper): the number and QR show on screen only, and
       * central records printStatus not_printed. */
      screenOnly: z.boolean().default(false),
      /** The resident's priority claim, one central offers (`catalog.get`); checked at the counter. */
      priorityClaim: PriorityClaim.optional(),
    }),
    response: IssueTicketResult,
  },
  'tickets.get': { request: z.object({ ticketId: z.string() }), response: Ticket },
  'tickets.reprint': { request: z.object({ ticketId: z.string() }), response: PrintOutcome },
  /** The identified resident's appointments at this centre, today and the next days, with their
   * check-in windows (none for a scanned appointment code: the code checks in by itself). */
  'appointments.mine': {
    request: Empty,
    response: z.object({ appointments: z.array(ResidentAppointment) }),
  },
  'appointments.checkIn': { request: z.object({ appointmentId: z.string() }), response: IssueTicketResult },
  'appointments.slots': {
    request: z.object({ itemId: z.string(), days: z.number().int().min(1).max(14).default(7) }),
    response: z.object({ slots: z.array(AppointmentSlot) }),
  },
  'appointments.book': {
    request: z.object({ slotId: z.string() }),
    // With the 预约单 print outcome (a host without a printer path may leave it out).
    response: BookResponse.extend({ print: PrintOutcome.optional() }),
  },
  'print.materials': { request: z.object({ itemId: z.string() }), response: PrintOutcome },
  'tech.unlock': { request: z.object({ pin: z.string() }), response: z.object({ ok: z.boolean() }) },
  'tech.info': {
    request: Empty,
    response: z.object({
      version: z.string(),
      devices: KioskDeviceStatus,
      link: LinkStatus,
      diskFreeBytes: z.number().nullable(),
      centralUrl: z.string(),
      stationId: z.string().nullable(),
    }),
  },
  'tech.testPrint': { request: Empty, response: PrintOutcome },
  /** Waits up to `timeoutSec` for a card on the reader; the card starts no resident session. */
  'tech.testCard': {
    request: z.object({ timeoutSec: z.number().int().min(1).max(120).default(20) }).strict(),
    response: z.object({ card: TechCardRead.nullable() }),
  },
  /** What the port settings form offers: the ports on this machine, baud rates, the settings in use. */
  'tech.ports': {
    request: Empty,
    response: z.object({
      candidates: z.array(z.string()),
      bauds: z.array(z.number().int().positive()),
      current: z.object({
        reader: SerialPortSetting.nullable(),
        printer: SerialPortSetting.nullable(),
        scanner: SerialPortSetting.nullable(),
        paperWidth: PaperWidth,
        qr: z.boolean(),
      }),
    }),
  },
  'tech.detect': {
    request: Empty,
    response: z.object({ reader: z.string().nullable(), printer: z.string().nullable() }),
  },
  /** Port settings (technician): the given devices are reopened there and the kiosk remembers them. */
  'tech.setPorts': {
    request: z
      .object({
        reader: SerialPortSetting.optional(),
        printer: SerialPortSetting.optional(),
        /** null: no serial scanner (none, or a keyboard-wedge one). */
        scanner: SerialPortSetting.nullable().optional(),
        printerProfile: z
          .object({
            paperWidth: PaperWidth.optional(),
            qr: z.boolean().optional(),
            // Issue 17: the technician's printer family and its parts (docs/devices.md).
            family: z.string().min(1).max(40).optional(),
            codePage: CodePage.optional(),
            qrMode: QrMode.optional(),
            cut: CutVariant.optional(),
            speedMmPerSec: z.number().positive().max(1000).optional(),
          })
          .optional(),
      })
      .strict(),
    response: KioskDeviceStatus,
  },
  'tech.exportLogs': {
    request: Empty,
    /** usb: written to the USB stick plugged in; else kept in the kiosk's data folder. */
    response: z.object({ path: z.string(), usb: z.boolean().optional() }),
  },
  /** The result of a media test the technician ran on the screen (camera, microphone, speaker…). */
  'tech.mediaResult': { request: MediaCheck.omit({ at: true }), response: Empty },
  'tech.restart': { request: Empty, response: Empty },
  ...VIDEO_CHANNELS,
} as const;

export type KioskChannel = keyof typeof KioskChannels;
export type KioskRequest<C extends KioskChannel> = z.input<(typeof KioskChannels)[C]['request']>;
export type KioskResponse<C extends KioskChannel> = z.infer<(typeof KioskChannels)[C]['response']>;

/** Events pushed host → renderer. */
export const KioskEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('identity'), identity: KioskIdentity }),
  z.object({ type: z.literal('card.removed') }),
  z.object({ type: z.literal('devices'), status: KioskDeviceStatus }),
  z.object({ type: z.literal('link'), status: LinkStatus }),
  z.object({ type: z.literal('queues'), queues: z.array(QueueSummary) }),
  z.object({ type: z.literal('ticket'), ticket: Ticket }),
  /** A code read by the serial QR/barcode scanner (keyboard-wedge scanners type into the page instead). */
  z.object({ type: z.literal('scan'), code: z.string() }),
  /** An administrator changed the catalogue, places or calendar (central's config.changed); the host
   * has already reloaded its copies, the page reloads what it shows (never during a session). */
  z.object({ type: z.literal('config'), entity: z.string() }),
  /** Central asked for a page reload (remote command, issue 14). */
  z.object({ type: z.literal('reload') }),
  VideoKioskEvent,
]);
export type KioskEvent = z.infer<typeof KioskEvent>;

/** Codes only the kiosk host raises (besides ErrorCode and the device codes of contract/device.ts). */
export const HostErrorCode = z.enum([
  'NO_IDENTITY', // the call needs a card read or a typed ID number first
  'NO_LEASED_NUMBERS', // offline and the leased window numbers are used up
  'NOT_ENROLLED', // the kiosk has no station token yet
  'SESSION_ENDED', // the card was removed while the call ran
  'CARD_NOT_ACCEPTED', // the card's number is not a GB 11643 number central can take for this item
  'USB_WRITE_FAILED', // the log could not be written to the USB stick (full, write-protected, pulled out)
]);
export type HostErrorCode = z.infer<typeof HostErrorCode>;

/**
 * A failed call: the error body of every API. The code is an ErrorCode (UNAVAILABLE when the central
 * service is out of reach), a device code (DEVICE_PAPER_OUT, …) or a HostErrorCode.
 */
export const KioskCallError = z.object({
  error: ErrorBody.shape.error.extend({ code: z.string().regex(/^[A-Z_]+$/) }),
});
export type KioskCallError = z.infer<typeof KioskCallError>;

/** The object the renderer sees as window.doorstep. */
export interface DoorstepApi {
  call<C extends KioskChannel>(channel: C, request: KioskRequest<C>): Promise<KioskResponse<C>>;
  /** Subscribes to host events; returns the unsubscribe function. */
  subscribe(listener: (event: KioskEvent) => void): () => void;
}

declare global {
  interface Window {
    doorstep?: DoorstepApi;
  }
}
