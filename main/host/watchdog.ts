import { spawn } from 'node:child_process';

// The host and systemd (doorstep-kiosk-host.service: Type=notify, TimeoutStartSec=300, WatchdogSec=60).
// The host says READY=1 once it serves a page — the "not provisioned" page of a fresh kiosk included —
// and then pings WATCHDOG=1 at a quarter of the interval. systemd starts the watchdog only after
// READY, so a slow start (a kiosk under software emulation took over a minute to load the host) has
// its own, longer limit instead of being killed by the watchdog before it could ping; with
// Type=simple an unprovisioned kiosk restarted every minute under qemu, its screen with it.
// Node has no unix datagram sockets, so each message is a short `systemd-notify` child — the unit sets
// NotifyAccess=all to accept it. A child that exits before systemd reads its message can be missed
// (systemd < 254 attributes it by the sender's cgroup), so READY=1 rides along every ping (repeating
// it is harmless) and pings come four times per interval; a hung event loop sends none and systemd
// kills and restarts the host.

export interface WatchdogEnv {
  WATCHDOG_USEC?: string;
  WATCHDOG_PID?: string;
  NOTIFY_SOCKET?: string;
}

/** Without a watchdog, READY=1 is still repeated a few times (the race above), this far apart. */
const READY_REPEAT_MS = [1000, 3000, 10_000];

/** The ping interval in ms, or null when systemd did not ask for a watchdog (or not for this process). */
export function pingIntervalMs(env: WatchdogEnv, pid: number): number | null {
  const usec = Number(env.WATCHDOG_USEC);
  if (!env.NOTIFY_SOCKET || !Number.isFinite(usec) || usec <= 0) return null;
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return null;
  return Math.max(1000, Math.floor(usec / 1000 / 4));
}

/** Sends these `VARIABLE=VALUE` messages to the service manager. */
export type Notify = (messages: string[]) => void;

export const systemdNotify: Notify = (messages) => {
  const child = spawn('systemd-notify', [`--pid=${process.pid}`, ...messages], { stdio: 'ignore' });
  child.on('error', () => undefined); // no systemd-notify (a developer machine): nothing to tell
};

/**
 * Tells systemd the host is ready and keeps its watchdog fed, when started by systemd (NOTIFY_SOCKET
 * set); a no-op otherwise. Returns the stop function.
 */
export function startWatchdog(env: WatchdogEnv = process.env, notify: Notify = systemdNotify): () => void {
  if (!env.NOTIFY_SOCKET) return () => undefined;
  const every = pingIntervalMs(env, process.pid);
  const messages = every === null ? ['READY=1'] : ['READY=1', 'WATCHDOG=1'];
  notify(messages);
  const timers: NodeJS.Timeout[] = [];
  if (every !== null) timers.push(setInterval(() => notify(messages), every));
  else for (const ms of READY_REPEAT_MS) timers.push(setTimeout(() => notify(messages), ms));
  for (const t of timers) t.unref();
  return () => {
    for (const t of timers) clearTimeout(t);
  };
}
