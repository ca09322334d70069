import {
  FLEET_ONLINE_WINDOW_MS,
  type HeartbeatRequest,
  type KioskHealth,
  type KioskProblem,
} from '../../contract/fleet';
import { PRINTER_STATE_PROBLEMS, READER_STATE_PROBLEMS } from '../../contract/device-problems';

// What a heartbeat says about a kiosk, and its status at a given time. Pure, so the plugin, the sweep
// and the tests share one rule.

/** Below this the kiosk's log and local store may soon fail to write. */
export const DISK_LOW_BYTES = 1024 ** 3;
/** More unsent events than this means the link has been down or failing for a while. */
export const OUTBOX_BACKLOG = 50;
/** Clocks further apart than this break ticket times and leases. */
export const CLOCK_SKEW_MS = 60_000;

const WARNINGS = new Set<KioskProblem['code']>([
  'PRINTER_PAPER_NEAR_END',
  'PRINTER_UNKNOWN',
  'READER_UNKNOWN',
  'DISK_LOW',
  'OUTBOX_BACKLOG',
  'CLOCK_SKEW',
]);

function problem(code: KioskProblem['code'], detail?: string): KioskProblem {
  return { code, severity: WARNINGS.has(code) ? 'warning' : 'fault', ...(detail ? { detail } : {}) };
}

/**
 * Problems reported by one heartbeat, faults first. `skewMs` is the clock difference central measured
 * itself (receipt time − sentAt), used when the kiosk does not know its own skew yet.
 */
export function problemsOf(hb: HeartbeatRequest, skewMs: number): KioskProblem[] {
  const out: KioskProblem[] = [];
  // Device states to fleet codes: the one table of contract/device-problems.ts.
  const printer = PRINTER_STATE_PROBLEMS[hb.devices.printer.state];
  if (printer) out.push(problem(printer.fleet, hb.devices.printer.detail));
  const reader = READER_STATE_PROBLEMS[hb.devices.reader.state];
  if (reader) out.push(problem(reader.fleet, hb.devices.reader.detail));
  if (hb.diskFreeBytes !== null && hb.diskFreeBytes < DISK_LOW_BYTES) out.push(problem('DISK_LOW'));
  if (hb.link.outboxDepth > OUTBOX_BACKLOG) out.push(problem('OUTBOX_BACKLOG'));
  const skew = hb.link.clockSkewMs ?? skewMs;
  if (Math.abs(skew) > CLOCK_SKEW_MS) out.push(problem('CLOCK_SKEW'));
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'fault' ? -1 : 1));
}

/** offline when not heard from within the window; else faulted when any fault; else online. */
export function healthOf(
  lastSeenMs: number | null,
  problems: readonly KioskProblem[],
  nowMs: number,
  windowMs = FLEET_ONLINE_WINDOW_MS,
): KioskHealth {
  if (lastSeenMs === null || nowMs - lastSeenMs > windowMs) return 'offline';
  return problems.some((p) => p.severity === 'fault') ? 'faulted' : 'online';
}
