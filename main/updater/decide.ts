import type { KioskUpdateReport, UpdateFeedResponse } from '../../contract/updates';
import { inWindow, signatureValid } from '../../contract/update-rules';

// The kiosk's root-side updater, one round (issue 14): ask the feed, and if a release is offered,
// install it only inside the maintenance window and while no resident is at the kiosk, only after
// its sha512 and the district's Ed25519 signature (the key pinned in the package, never one from the
// network) both check, then restart the host and wait for the new version to report ready; if it
// does not within the release's health time, put the previous package back. Every effect is injected
// (updater.ts wires dpkg, systemctl, files and HTTP), so the decisions are tested without root.

export interface HostState {
  version: string;
  ready: boolean;
  sessionActive: boolean;
  at: string;
}

export interface UpdaterEffects {
  now(): Date;
  installedVersion(): Promise<string>;
  feed(runningVersion: string): Promise<UpdateFeedResponse>;
  /** Downloads to a root-only folder; returns the file's path. */
  download(url: string, version: string): Promise<string>;
  sha512(file: string): Promise<string>;
  hostState(): HostState | null;
  /** The cached package of a version this updater installed before (the rollback target), if kept. */
  cachedPackage(version: string): string | null;
  /** Keeps a verified package as the rollback target of later updates. */
  keepPackage(file: string, version: string): Promise<void>;
  install(file: string): Promise<void>;
  restartHost(): Promise<void>;
  /** Resolves true once the host reports `version` ready after `since`, false after `timeoutMs`. */
  waitHealthy(version: string, since: Date, timeoutMs: number): Promise<boolean>;
  discard(file: string): Promise<void>;
  report(state: KioskUpdateReport): void;
  log(message: string): void;
}

export type RoundOutcome =
  | 'none'
  | 'outside-window'
  | 'session-active'
  | 'refused-sha512'
  | 'refused-signature'
  | 'healthy'
  | 'rolled-back'
  | 'failed';

export async function updateRound(fx: UpdaterEffects, key: CryptoKey | null): Promise<RoundOutcome> {
  const running = await fx.installedVersion();
  const feed = await fx.feed(running);
  if (feed.action === 'none') {
    fx.report({ state: 'idle', targetVersion: null, detail: feed.reason });
    return 'none';
  }
  const target = feed.version;
  const say = (state: KioskUpdateReport['state'], detail?: string) => {
    fx.report({ state, targetVersion: target, ...(detail ? { detail } : {}) });
    fx.log(`${target}: ${state}${detail ? ` (${detail})` : ''}`);
  };
  if (!key) {
    say('refused', 'no update key pinned in this package');
    return 'refused-signature';
  }
  if (!inWindow(fx.now(), feed.window, feed.timeZone)) {
    say('waiting', `outside the maintenance window ${feed.window.start}–${feed.window.end}`);
    return 'outside-window';
  }
  if (fx.hostState()?.sessionActive) {
    say('waiting', 'a resident session is active');
    return 'session-active';
  }
  say('downloading');
  const file = await fx.download(feed.url, target);
  if ((await fx.sha512(file)) !== feed.sha512) {
    await fx.discard(file);
    say('refused', 'sha512 does not match the release');
    return 'refused-sha512';
  }
  if (!(await signatureValid(key, target, feed.sha512, feed.signature))) {
    await fx.discard(file);
    say('refused', 'signature does not verify against the pinned district key');
    return 'refused-signature';
  }
  say('verified');
  // Checked again right before installing: a resident may have sat down during the download.
  if (fx.hostState()?.sessionActive) {
    say('waiting', 'a resident session is active');
    return 'session-active';
  }
  const previous = fx.cachedPackage(running);
  say('installing');
  const since = fx.now();
  try {
    await fx.install(file);
    await fx.restartHost();
  } catch (err) {
    say('failed', `install: ${(err as Error).message}`.slice(0, 500));
    return rollBack(fx, previous, running, target, say);
  }
  say('installed');
  if (await fx.waitHealthy(target, since, feed.healthTimeoutSec * 1000)) {
    await fx.keepPackage(file, target);
    say('healthy');
    return 'healthy';
  }
  fx.log(`${target}: not healthy within ${feed.healthTimeoutSec} s`);
  return rollBack(fx, previous, running, target, say);
}

async function rollBack(
  fx: UpdaterEffects,
  previous: string | null,
  running: string,
  target: string,
  say: (state: KioskUpdateReport['state'], detail?: string) => void,
): Promise<RoundOutcome> {
  if (!previous) {
    say('failed', `not healthy and no package of ${running} kept to roll back to`);
    return 'failed';
  }
  try {
    await fx.install(previous);
    await fx.restartHost();
  } catch (err) {
    say('failed', `rollback to ${running}: ${(err as Error).message}`.slice(0, 500));
    return 'failed';
  }
  say('rolled_back', `${target} did not report healthy; back on ${running}`);
  return 'rolled-back';
}
