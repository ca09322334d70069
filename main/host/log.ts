import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { maskIdNumber, isValidIdNumber } from '../../contract/gb11643';

// The host's log: plain lines a technician can read (`2026-11-21T21:00:00.000Z info  devices  …`),
// in <data>/logs/host.log, rotated at 5 MB. ID numbers are masked here as a last line of defence;
// callers mask names themselves (maskName) since a name cannot be recognised in free text.

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: Level, scope: string, message: string) => void;

const ID_LIKE = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;
const MAX_BYTES = 5 * 1024 * 1024;
/** The rotated log (host.log.1) is deleted once this old: log lines may name what a resident did. */
export const MAX_AGE_MS = 30 * 86_400_000;

/** Drops the rotated log once it is older than MAX_AGE_MS (at start and at each rotation). */
export function dropOldRotation(file: string, now = Date.now()): boolean {
  const old = `${file}.1`;
  if (existsSync(old) && now - statSync(old).mtimeMs > MAX_AGE_MS) {
    rmSync(old, { force: true });
    return true;
  }
  return false;
}

export function scrubIdNumbers(text: string): string {
  return text.replace(ID_LIKE, (m) => (isValidIdNumber(m) ? maskIdNumber(m) : m));
}

export interface HostLogger {
  log: Log;
  /** The log file, or null when logging to the console only. */
  readonly file: string | null;
  /** Copies the log to <data>/exports/ and returns the copy's path (technician "export logs"). */
  exportTo(dir: string): string;
  /** Changes the lowest level written (remote command set-log-level; until the next start). */
  setLevel(level: Level): void;
}

export function createLogger(opts: { dir?: string; echo?: boolean; minLevel?: Level } = {}): HostLogger {
  const order: Level[] = ['debug', 'info', 'warn', 'error'];
  let min = order.indexOf(opts.minLevel ?? 'info');
  let file: string | null = null;
  if (opts.dir) {
    mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
    file = join(opts.dir, 'host.log');
    try {
      dropOldRotation(file);
    } catch {
      // as below: logging never stops the kiosk
    }
  }
  const log: Log = (level, scope, message) => {
    if (order.indexOf(level) < min) return;
    const line = `${new Date().toISOString()} ${level.padEnd(5)} ${scope.padEnd(8)} ${scrubIdNumbers(message)}\n`;
    if (opts.echo) process.stderr.write(line);
    if (!file) return;
    try {
      if (existsSync(file) && statSync(file).size > MAX_BYTES) renameSync(file, `${file}.1`);
      else if (Math.random() < 0.001) dropOldRotation(file); // now and then, not on every line
      appendFileSync(file, line, { mode: 0o600 });
    } catch {
      // a full disk must not stop the kiosk; the technician page shows free space
    }
  };
  return {
    log,
    file,
    setLevel(level) {
      min = order.indexOf(level);
    },
    exportTo(dir) {
      mkdirSync(dir, { recursive: true });
      const target = join(dir, `kiosk-log-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`);
      if (file && existsSync(file)) copyFileSync(file, target);
      else writeFileSync(target, '');
      return target;
    },
  };
}
