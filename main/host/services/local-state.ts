import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KioskUpdateReport } from '../../../contract/updates';

// What the host and the root-side updater tell each other on the kiosk, through files in /run
// (tmpfs: gone at reboot, as the facts they hold are):
//   <run>/state.json                       host → updater: version, ready, resident session active
//   <run>/restart-display                  host → systemd path unit: restart the display session
//   /run/doorstep-updater/state.json       updater → host: its update state, for the heartbeat
// The host runs as the kiosk user and cannot install or restart system units; the updater (root)
// reads the host's state and never takes commands from it.

export const UPDATER_STATE_FILE = '/run/doorstep-updater/state.json';

export interface HostLocalState {
  version: string;
  /** Started and linked: what the updater's health check waits for after an install. */
  ready: boolean;
  sessionActive: boolean;
  pid: number;
  at: string;
}

/** Writes atomically (a reader never sees half a file). */
export function writeHostState(runDir: string, state: HostLocalState): void {
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const file = join(runDir, 'state.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`, { mode: 0o644 });
  renameSync(tmp, file);
}

export function requestDisplayRestart(runDir: string): void {
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(runDir, 'restart-display'), `${new Date().toISOString()}\n`, { mode: 0o644 });
}

/** The updater's state, or undefined when there is none or it cannot be read. */
export function readUpdaterState(file: string): KioskUpdateReport | undefined {
  try {
    if (!existsSync(file)) return undefined;
    const parsed = KioskUpdateReport.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const runDirOf = (file: string) => dirname(file);
