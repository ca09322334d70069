import { z } from 'zod';
import { Bilingual, Channel } from './catalog';
import { KioskDeviceStatus, LinkStatus } from './kiosk';
import { CounterLabel, TicketNumber, WaitEstimate } from './ticket';
import { DeliveredCommand } from './commands';
import { KioskUpdateReport } from './updates';

// Fleet health (central/fleet): kiosks report a heartbeat, central keeps the latest one per kiosk and
// derives a status the supervisor dashboard shows; the hall display reads a public call board.

/** A kiosk whose last heartbeat is older than this is offline (three missed 30 s heartbeats). */
export const FLEET_ONLINE_WINDOW_MS = 90_000;
/** The interval central asks kiosks to keep. */
export const FLEET_HEARTBEAT_SEC = 30;

/** POST /api/v1/stations/me/heartbeat (station token), body. The kiosk may send its LinkStatus as is. */
export const HeartbeatRequest = z.object({
  appVersion: z.string().min(1).max(64),
  uptimeSec: z.number().int().nonnegative(),
  /** The kiosk's own clock when it sent this, to compare with serverTime. */
  sentAt: z.string().datetime({ offset: true }),
  devices: KioskDeviceStatus,
  link: LinkStatus.pick({ outboxDepth: true, clockSkewMs: true }),
  diskFreeBytes: z.number().int().nonnegative().nullable(),
  /** The kiosk updater's state (issue 14; optional, older kiosks do not send it). */
  update: KioskUpdateReport.optional(),
  /** A resident session is active (screenshots are refused then). */
  sessionActive: z.boolean().optional(),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;

export const KioskHealth = z.enum(['online', 'faulted', 'offline']);
export type KioskHealth = z.infer<typeof KioskHealth>;

/** What is wrong with a kiosk. `fault` stops a service (no tickets, no card reads); `warning` does not yet. */
export const KioskProblemCode = z.enum([
  'PRINTER_PAPER_OUT',
  'PRINTER_COVER_OPEN',
  'PRINTER_OFFLINE',
  'PRINTER_ERROR',
  'PRINTER_MISSING',
  'PRINTER_PAPER_NEAR_END',
  'PRINTER_UNKNOWN',
  'READER_MISSING',
  'READER_ERROR',
  'READER_UNKNOWN',
  'DISK_LOW',
  'OUTBOX_BACKLOG',
  'CLOCK_SKEW',
]);
export type KioskProblemCode = z.infer<typeof KioskProblemCode>;

export const KioskProblem = z.object({
  code: KioskProblemCode,
  severity: z.enum(['fault', 'warning']),
  /** The device's own words, for a technician (not translated). */
  detail: z.string().optional(),
});
export type KioskProblem = z.infer<typeof KioskProblem>;

/** POST /api/v1/stations/me/heartbeat, response. Clock skew ≈ serverTime − (sentAt + round trip ÷ 2). */
export const HeartbeatResponse = z.object({
  serverTime: z.string().datetime({ offset: true }),
  status: KioskHealth,
  problems: z.array(KioskProblem),
  nextHeartbeatSec: z.number().int().positive(),
  /** Remote commands for this kiosk, now delivered (issue 14; absent for none). */
  commands: z.array(DeliveredCommand).optional(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

/** One kiosk as the dashboard sees it. lastSeenAt null: enrolled, never reported. */
export const KioskHealthView = z.object({
  kioskId: z.string(),
  name: z.string().nullable(),
  stationId: z.string(),
  centreId: z.string(),
  status: KioskHealth,
  lastSeenAt: z.string().datetime({ offset: true }).nullable(),
  appVersion: z.string().nullable(),
  uptimeSec: z.number().int().nonnegative().nullable(),
  problems: z.array(KioskProblem),
  devices: KioskDeviceStatus.nullable(),
  outboxDepth: z.number().int().nonnegative().nullable(),
  clockSkewMs: z.number().nullable(),
  diskFreeBytes: z.number().int().nonnegative().nullable(),
});
export type KioskHealthView = z.infer<typeof KioskHealthView>;

/** A station as the fleet list names it. */
export const FleetStation = z.object({ id: z.string(), name: Bilingual, address: Bilingual });
export type FleetStation = z.infer<typeof FleetStation>;

export const FleetCounts = z.object({
  online: z.number().int().nonnegative(),
  faulted: z.number().int().nonnegative(),
  offline: z.number().int().nonnegative(),
});
export type FleetCounts = z.infer<typeof FleetCounts>;

/** GET /api/v1/admin/fleet?centreId= (supervisor, admin; centre-scoped). */
export const FleetQuery = z.object({ centreId: z.string().min(1) });
export type FleetQuery = z.infer<typeof FleetQuery>;
export const FleetResponse = z.object({
  centreId: z.string(),
  serverTime: z.string().datetime({ offset: true }),
  onlineWindowSec: z.number().int().positive(),
  counts: FleetCounts,
  stations: z.array(z.object({ station: FleetStation, kiosks: z.array(KioskHealthView) })),
});
export type FleetResponse = z.infer<typeof FleetResponse>;

/** Event `kiosk.status` on the centre's stream: a kiosk's derived status changed. */
export const KioskStatusEvent = z.object({
  type: z.literal('kiosk.status'),
  data: z.object({ kiosk: KioskHealthView, previous: KioskHealth.nullable() }),
});
export type KioskStatusEvent = z.infer<typeof KioskStatusEvent>;

/** Where a called resident goes: a numbered window in the hall, or the video call at their kiosk. */
export const CallDestination = z.discriminatedUnion('kind', [
  /** `window`: the counter label the agent gave ("3", "A2"), null when none was given. */
  z.object({ kind: z.literal('window'), window: CounterLabel.nullable() }),
  z.object({ kind: z.literal('video') }),
]);
export type CallDestination = z.infer<typeof CallDestination>;

/** A call on the hall board: the ticket number and where to go, never who holds it. */
export const PublicCall = z.object({
  /** Stable per call and recall, so a display knows what is new (not the ticket id). */
  key: z.string(),
  number: TicketNumber,
  channel: Channel,
  destination: CallDestination,
  calledAt: z.string().datetime({ offset: true }),
  recallCount: z.number().int().nonnegative(),
  /**
   * Still being called (the resident has not yet been seen): only such a call is shown large with
   * "please go to…"; once served or finished it is a past call.
   */
  calling: z.boolean(),
});
export type PublicCall = z.infer<typeof PublicCall>;

export const PublicQueue = z.object({
  itemId: z.string(),
  itemName: Bilingual,
  channel: Channel,
  waiting: z.number().int().nonnegative(),
  estimate: WaitEstimate,
});
export type PublicQueue = z.infer<typeof PublicQueue>;

/** GET /api/v1/public/centres/{id}/board (anyone): the hall display's data, nothing personal. */
export const PublicBoard = z.object({
  centreId: z.string(),
  centreName: Bilingual,
  serverTime: z.string().datetime({ offset: true }),
  /** Newest first, today's calls only. */
  calls: z.array(PublicCall),
  queues: z.array(PublicQueue),
});
export type PublicBoard = z.infer<typeof PublicBoard>;
