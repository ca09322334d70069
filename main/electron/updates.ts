import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ElectronFeedExtras, type KioskUpdateReport, type UpdateState } from '../../contract/updates';
import { inWindow, signatureValid, type UpdateKey } from '../../contract/update-rules';

// How the Electron shell follows central's update feed (issue 14). electron-updater's generic
// provider reads `<central>/api/v1/kiosk/update/electron/latest-linux.yml` with the station token;
// central decides who is in the rollout (a kiosk outside it is told its own version). What
// electron-updater does not do, this module does before anything is downloaded or installed: check
// the district's Ed25519 signature of (version, sha512) against the key pinned in the package, keep
// to the rollout's maintenance window and never start while a resident is at the kiosk. electron-
// updater then downloads and refuses bytes whose sha512 differs (ERR_CHECKSUM_MISMATCH), so the
// signature covers the file. Plain Node: the updater is injected (ShellUpdater), so the decisions are
// tested without Electron; main/electron/updater-glue.ts wires electron-updater itself.

/** The path of central's electron-updater feed (central/updates/routes.ts); the provider's `url`. */
export const ELECTRON_FEED_PATH = '/api/v1/kiosk/update/electron';

export type FeedUrl =
  { ok: true; url: string } | { ok: false; code: 'FEED_NOT_HTTPS' | 'FEED_URL_INVALID'; message: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The generic provider's URL for the kiosk's configured central. https only: the station token goes
 * with every request, and a feed an attacker on the network could answer decides what gets downloaded.
 * Plain http only to this machine (a test, or central on the kiosk itself).
 */
export function electronFeedUrl(centralUrl: string): FeedUrl {
  let u: URL;
  try {
    u = new URL(centralUrl);
  } catch {
    return { ok: false, code: 'FEED_URL_INVALID', message: `not a URL: ${centralUrl}` };
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
    return {
      ok: false,
      code: 'FEED_NOT_HTTPS',
      message: `the update feed must be https (central is ${u.origin}); updates are off`,
    };
  }
  return { ok: true, url: `${u.origin}${u.pathname.replace(/\/$/, '')}${ELECTRON_FEED_PATH}` };
}

/** The part of builder-util-runtime's UpdateInfo the decisions read (plus central's `doorstep`). */
export interface OfferedUpdate {
  version: string;
  /** base64, as electron-updater compares it. */
  sha512: string;
  files: ReadonlyArray<{ url: string; sha512: string }>;
  doorstep?: unknown;
}

/** electron-updater as the decisions need it (updater-glue.ts adapts its AppUpdater). */
export interface ShellUpdater {
  /** checkForUpdates with autoDownload off: the feed's answer and whether it is newer than this build. */
  check(headers: Record<string, string>): Promise<{ info: OfferedUpdate; available: boolean }>;
  /** downloadUpdate; rejects with `code: 'ERR_CHECKSUM_MISMATCH'` when the bytes do not match the sha512. */
  download(headers: Record<string, string>): Promise<void>;
  /** quitAndInstall, silent and without a relaunch of its own (the supervisor starts the shell again). */
  install(): void;
}

/** What an install left behind for the next start to settle (kept in the data folder). */
export interface PendingInstall {
  from: string;
  to: string;
  at: string;
}

export interface ShellUpdateDeps {
  updater: ShellUpdater;
  /** The district's public key pinned in the package; null: every offer is refused. */
  key: UpdateKey | null;
  /** The feed's URL (electronFeedUrl); files on its origin get the station token, others never. */
  feedUrl: string;
  /** The running build's version. */
  version: string;
  stationToken(): string | null;
  sessionActive(): boolean;
  now(): Date;
  /** Written where the host reads it for its heartbeat (KioskHostOptions.updaterStateFile). */
  report(state: KioskUpdateReport): void;
  markPending(pending: PendingInstall): void;
  log(message: string): void;
}

export type ShellRoundOutcome =
  | 'not-enrolled'
  | 'unreachable'
  | 'none'
  | 'refused-signature'
  | 'refused-sha512'
  | 'outside-window'
  | 'session-active'
  | 'installing'
  | 'failed';

const hexOfBase64 = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

const messageOf = (err: unknown) =>
  String((err as Error | null)?.message ?? err)
    .split('\n')[0]!
    .slice(0, 300);

/**
 * One round: ask the feed; refuse what the district did not sign; wait for the window and for no
 * resident; download (electron-updater checks the sha512); install. Every outcome is reported for
 * the heartbeat, except a feed that cannot be reached (offline is normal; the next round asks again).
 */
export async function shellUpdateRound(d: ShellUpdateDeps): Promise<ShellRoundOutcome> {
  const token = d.stationToken();
  if (!token) return 'not-enrolled';
  const auth = { authorization: `Bearer ${token}` };
  let offer: { info: OfferedUpdate; available: boolean };
  try {
    offer = await d.updater.check(auth);
  } catch (err) {
    d.log(`update feed: ${messageOf(err)}`);
    return 'unreachable';
  }
  if (!offer.available) {
    d.report({ state: 'idle', targetVersion: null });
    return 'none';
  }
  const info = offer.info;
  const target = info.version;
  const say = (state: UpdateState, detail?: string) => {
    d.report({ state, targetVersion: target, ...(detail ? { detail } : {}) });
    d.log(`${target}: ${state}${detail ? ` (${detail})` : ''}`);
  };
  const extras = ElectronFeedExtras.safeParse(info.doorstep);
  if (!extras.success) {
    say('refused', 'the feed carries no district signature for this release');
    return 'refused-signature';
  }
  if (!d.key) {
    say('refused', 'no update key pinned in this package');
    return 'refused-signature';
  }
  // The signature covers the sha512 electron-updater will hold the bytes to: every file must carry it.
  if (info.files.length === 0 || info.files.some((f) => f.sha512 !== info.sha512)) {
    say('refused', 'the files offered do not carry the signed sha512');
    return 'refused-signature';
  }
  if (!(await signatureValid(d.key, target, hexOfBase64(info.sha512), extras.data.signature))) {
    say('refused', 'signature does not verify against the pinned district key');
    return 'refused-signature';
  }
  const { window, timeZone } = extras.data;
  if (!inWindow(d.now(), window, timeZone)) {
    say('waiting', `outside the maintenance window ${window.start}–${window.end}`);
    return 'outside-window';
  }
  if (d.sessionActive()) {
    say('waiting', 'a resident session is active');
    return 'session-active';
  }
  say('downloading');
  // A release registered by URL may live on another host: the station token goes only to central.
  const feedOrigin = new URL(d.feedUrl).origin;
  const sameOrigin = info.files.every((f) => new URL(f.url, `${d.feedUrl}/`).origin === feedOrigin);
  try {
    await d.updater.download(sameOrigin ? auth : {});
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === 'ERR_CHECKSUM_MISMATCH') {
      say('refused', 'sha512 does not match the release');
      return 'refused-sha512';
    }
    say('failed', `download: ${messageOf(err)}`);
    return 'failed';
  }
  say('verified');
  // Checked again right before installing: a resident may have sat down during the download, or the
  // window closed. The verified file stays in electron-updater's cache for the next round.
  if (d.sessionActive()) {
    say('waiting', 'a resident session is active');
    return 'session-active';
  }
  if (!inWindow(d.now(), window, timeZone)) {
    say('waiting', `outside the maintenance window ${window.start}–${window.end}`);
    return 'outside-window';
  }
  d.markPending({ from: d.version, to: target, at: d.now().toISOString() });
  say('installing');
  try {
    d.updater.install();
  } catch (err) {
    say('failed', `install: ${messageOf(err)}`);
    return 'failed';
  }
  return 'installing';
}

/**
 * At the next start, once the kiosk is up: did the install take? The new version running and started
 * is `healthy`; still the old one means the install failed (electron-updater's install needs root:
 * docs/electron-shell.md). Null when there was nothing pending or it concerns neither version.
 */
export function settlePending(pending: PendingInstall | null, running: string): KioskUpdateReport | null {
  if (!pending) return null;
  if (running === pending.to) return { state: 'healthy', targetVersion: pending.to };
  if (running === pending.from) {
    return {
      state: 'failed',
      targetVersion: pending.to,
      detail: `install did not take: still on ${running} (see the shell's log)`,
    };
  }
  return null;
}

/** Every 15 minutes, plus up to 10 at random so 1,308 kiosks do not ask at once (as the root updater's timer). */
export function nextRoundDelayMs(random: () => number = Math.random): number {
  return 15 * 60_000 + Math.floor(random() * 10 * 60_000);
}

/** The pending install between the round that started it and the next start (atomic writes). */
export function pendingFile(file: string) {
  return {
    read(): PendingInstall | null {
      try {
        const p = JSON.parse(readFileSync(file, 'utf8')) as Partial<PendingInstall>;
        return typeof p.from === 'string' && typeof p.to === 'string' && typeof p.at === 'string'
          ? { from: p.from, to: p.to, at: p.at }
          : null;
      } catch {
        return null;
      }
    },
    write(p: PendingInstall): void {
      writeJsonAtomic(file, p);
    },
    clear(): void {
      rmSync(file, { force: true });
    },
  };
}

/** Writes the update report where the host's heartbeat reads it (host's readUpdaterState). */
export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
