import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UpdateFeedResponse, type KioskUpdateReport } from '../../contract/updates';
import type { HostState, UpdaterEffects } from './decide';

// The updater's real effects on a kiosk: HTTP to central with the kiosk's station token, files in
// root-only folders, dpkg and systemctl. Each piece is exported so tests can take the real download,
// hashing and feed while faking what needs root (dpkg, systemctl).

const run = promisify(execFile);

export interface UpdaterPaths {
  /** Downloads and the kept packages (root only, 0700). */
  cacheDir: string;
  /** The host's state file (services/local-state.ts). */
  hostStateFile: string;
  /** Where this updater's own state goes, readable by the host for its heartbeat. */
  stateFile: string;
}

export const DEFAULT_PATHS: UpdaterPaths = {
  cacheDir: '/var/cache/doorstep-updater',
  hostStateFile: '/run/doorstep-kiosk/state.json',
  stateFile: '/run/doorstep-updater/state.json',
};

export async function fetchFeed(
  centralUrl: string,
  token: string,
  version: string,
): Promise<UpdateFeedResponse> {
  const res = await fetch(
    `${centralUrl.replace(/\/$/, '')}/api/v1/kiosk/update?version=${encodeURIComponent(version)}`,
    {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    },
  );
  if (!res.ok) throw new Error(`feed: HTTP ${res.status}`);
  return UpdateFeedResponse.parse(await res.json());
}

/**
 * Where to download a release from and with which headers: a package uploaded to central comes as
 * central's own path and needs the station token; the token never goes to any other host.
 */
export function downloadRequest(
  url: string,
  central?: { url: string; token: string },
): { url: string; headers: Record<string, string> } {
  if (!central) return { url, headers: {} };
  const abs = new URL(url, `${central.url.replace(/\/$/, '')}/`);
  const same = abs.origin === new URL(central.url).origin;
  return { url: abs.toString(), headers: same ? { authorization: `Bearer ${central.token}` } : {} };
}

export async function download(
  url: string,
  dir: string,
  version: string,
  central?: { url: string; token: string },
): Promise<string> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `doorstep-kiosk_${version.replace(/[^0-9A-Za-z.+~-]/g, '_')}.deb.part`);
  const req = downloadRequest(url, central);
  const res = await fetch(req.url, { headers: req.headers, signal: AbortSignal.timeout(15 * 60_000) });
  if (!res.ok) throw new Error(`download: HTTP ${res.status}`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()), { mode: 0o600 });
  return file;
}

export function sha512File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha512');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export function readHostState(file: string): HostState | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as HostState;
  } catch {
    return null;
  }
}

export function writeState(file: string, report: KioskUpdateReport): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o755 });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(report)}\n`, { mode: 0o644 });
  renameSync(tmp, file);
}

/** Polls the host's state file (bounded by `timeoutMs`) for `version` ready after `since`. */
export async function waitHealthy(
  file: string,
  version: string,
  since: Date,
  timeoutMs: number,
  pollMs = 1000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const s = readHostState(file);
    if (s && s.version === version && s.ready && Date.parse(s.at) >= since.getTime()) return true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return false;
}

export function systemEffects(
  central: { url: string; token: string },
  paths: UpdaterPaths,
  log: (m: string) => void,
): UpdaterEffects {
  const kept = (version: string) => join(paths.cacheDir, 'kept', `doorstep-kiosk_${version}.deb`);
  return {
    now: () => new Date(),
    installedVersion: async () =>
      (await run('dpkg-query', ['-W', '-f=${Version}', 'doorstep-kiosk'])).stdout.trim(),
    feed: (v) => fetchFeed(central.url, central.token, v),
    download: (url, version) => download(url, paths.cacheDir, version, central),
    sha512: sha512File,
    hostState: () => readHostState(paths.hostStateFile),
    cachedPackage: (version) => (existsSync(kept(version)) ? kept(version) : null),
    keepPackage: async (file, version) => {
      mkdirSync(join(paths.cacheDir, 'kept'), { recursive: true, mode: 0o700 });
      renameSync(file, kept(version));
    },
    install: async (file) => {
      // --force-downgrade only matters for a rollback (dpkg warns and proceeds by default).
      await run('dpkg', ['-i', file], { timeout: 10 * 60_000 });
    },
    restartHost: async () => {
      await run('systemctl', ['restart', 'doorstep-kiosk-host.service'], { timeout: 120_000 });
    },
    waitHealthy: (version, since, timeoutMs) => waitHealthy(paths.hostStateFile, version, since, timeoutMs),
    discard: async (file) => rmSync(file, { force: true }),
    report: (state) => writeState(paths.stateFile, state),
    log,
  };
}
