import { autoUpdater } from 'electron-updater';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importUpdateKey } from '../../contract/update-rules';
import { scrubIdNumbers, type Log } from '../host/log';
import { shellUpdaterOf } from './updater-port';
import {
  electronFeedUrl,
  nextRoundDelayMs,
  pendingFile,
  settlePending,
  shellUpdateRound,
  writeJsonAtomic,
  type ShellUpdateDeps,
} from './updates';

// Wires electron-updater to the decisions in updates.ts (type-checked only: the Electron binary is
// never run here). electron-updater is loaded from node_modules beside app.asar (esbuild external),
// which is also how the package-layout test puts a recorder in its place.

/** Where the shell's update state goes: the host's heartbeat reads it (KioskHostOptions.updaterStateFile). */
export const updateStateFileOf = (dataDir: string) => join(dataDir, 'update-state.json');

export interface ShellUpdatesOptions {
  centralUrl: string;
  version: string;
  dataDir: string;
  keyFile: string;
  stationToken(): string | null;
  sessionActive(): boolean;
  /** The host's log (ID numbers are masked there too). */
  log: Log;
}

/** Starts the rounds (the first a minute after start); returns the stop function. */
export async function startShellUpdates(o: ShellUpdatesOptions): Promise<() => void> {
  const stateFile = updateStateFileOf(o.dataDir);
  const report: ShellUpdateDeps['report'] = (state) => {
    try {
      writeJsonAtomic(stateFile, state);
    } catch (err) {
      o.log('warn', 'updates', `could not write ${stateFile}: ${(err as Error).message}`);
    }
  };
  const pending = pendingFile(join(o.dataDir, 'update-pending.json'));
  const settled = settlePending(pending.read(), o.version);
  if (settled) report(settled);
  pending.clear();

  const feed = electronFeedUrl(o.centralUrl);
  if (!feed.ok) {
    o.log('error', 'updates', feed.message);
    report({ state: 'refused', targetVersion: null, detail: feed.message.slice(0, 500) });
    return () => undefined;
  }
  const key = existsSync(o.keyFile) ? await importUpdateKey(readFileSync(o.keyFile, 'utf8')) : null;
  const say = (level: 'info' | 'warn' | 'error') => (m: unknown) =>
    o.log(level, 'updates', `electron-updater: ${scrubIdNumbers(String(m))}`);
  autoUpdater.logger = { info: say('info'), warn: say('warn'), error: say('error') };
  const updater = shellUpdaterOf(autoUpdater);
  // The configured central's feed, not the build-time publish URL of app-update.yml.
  autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
  o.log(
    'info',
    'updates',
    `following ${feed.url}${key ? '' : ' — no district key pinned in this package: every update is refused'}`,
  );

  const deps: ShellUpdateDeps = {
    updater,
    key,
    feedUrl: feed.url,
    version: o.version,
    stationToken: o.stationToken,
    sessionActive: o.sessionActive,
    now: () => new Date(),
    report,
    markPending: (p) => pending.write(p),
    log: (m) => o.log('info', 'updates', m),
  };
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const round = async () => {
    try {
      await shellUpdateRound(deps);
    } catch (err) {
      o.log('error', 'updates', `round failed: ${(err as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => void round(), nextRoundDelayMs());
  };
  timer = setTimeout(() => void round(), 60_000);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
