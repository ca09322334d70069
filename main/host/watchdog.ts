import { spawn } from 'node:child_process';

// The systemd watchdog (doorstep-kiosk-host.service, WatchdogSec=60): the host pings with
// `systemd-notify WATCHDOG=1` at a quarter of the interval. Node has no unix datagram sockets, so the
// ping is a short child process — the unit sets NotifyAccess=all to accept it. A child that exits
// before systemd reads its message can be missed (systemd < 254 attributes it by the sender's
// cgroup), so pinging four times per interval leaves room for misses; a hung event loop sends none
// and systemd kills and restarts the host.

export interface WatchdogEnv {
  WATCHDOG_USEC?: string;
  WATCHDOG_PID?: string;
  NOTIFY_SOCKET?: string;
}

/** The ping interval in ms, or null when systemd did not ask for a watchdog (or not for this process). */
export function pingIntervalMs(env: WatchdogEnv, pid: number): number | null {
  const usec = Number(env.WATCHDOG_USEC);
  if (!env.NOTIFY_SOCKET || !Number.isFinite(usec) || usec <= 0) return null;
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return null;
  return Math.max(1000, Math.floor(usec / 1000 / 4));
}

export type Ping = () => void;

export const systemdNotifyPing: Ping = () => {
  const child = spawn('systemd-notify', [`--pid=${process.pid}`, 'WATCHDOG=1'], { stdio: 'ignore' });
  child.on('error', () => undefined); // no systemd-notify (a developer machine): nothing to ping
};

/** Starts pinging when systemd asked for it; returns the stop function (a no-op otherwise). */
export function startWatchdog(env: WatchdogEnv = process.env, ping: Ping = systemdNotifyPing): () => void {
  const every = pingIntervalMs(env, process.pid);
  if (every === null) return () => undefined;
  ping();
  const timer = setInterval(ping, every);
  timer.unref();
  return () => clearInterval(timer);
}
