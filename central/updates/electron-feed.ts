import type { ElectronFeedExtras, Release, UpdateFeedResponse } from '../../contract/updates';
import { packagePathOf } from '../../contract/updates';

// The same per-kiosk feed in electron-updater's words (issue 14): the Electron shell's generic
// provider reads `<central>/api/v1/kiosk/update/electron/latest-linux.yml` with the kiosk's station
// token, so central still decides who is in the rollout. A kiosk that is not offered the release is
// told its own version (electron-updater then sees nothing newer). The YAML is written by hand: the
// shape is small and fixed, and every string goes out JSON-quoted (valid YAML, nothing to escape).

/** electron-updater's UpdateInfo (builder-util-runtime), the fields its generic provider reads. */
export interface ElectronUpdateInfo {
  version: string;
  files: { url: string; sha512: string; size?: number }[];
  path: string;
  sha512: string;
  releaseDate: string;
  /**
   * Not in UpdateInfo: the district signature and the rollout's window (contract ElectronFeedExtras).
   * electron-updater checks only the sha512; the shell checks the signature against the key pinned in
   * its package and keeps to the window before it downloads (main/electron/updates.ts).
   */
  doorstep?: ElectronFeedExtras;
}

/** electron-updater compares base64 sha512 digests; the release holds hex. */
export const base64OfHex = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/**
 * The file's URL as electron-updater needs it: its Debian updater picks the file whose path ends in
 * `.deb`, so an uploaded package is named under its version's route.
 */
export function electronFileUrl(release: Pick<Release, 'version' | 'url'>): string {
  if (release.url !== packagePathOf(release.version)) return release.url;
  return `${release.url}/doorstep-kiosk_${release.version}.deb`;
}

export function electronUpdateInfo(
  feed: UpdateFeedResponse,
  release: Release | null,
  running: string,
  size: number | undefined,
): ElectronUpdateInfo {
  if (feed.action === 'none' || !release) {
    return { version: running, files: [], path: '', sha512: '', releaseDate: new Date(0).toISOString() };
  }
  const url = electronFileUrl(release);
  const sha512 = base64OfHex(release.sha512);
  return {
    version: release.version,
    files: [{ url, sha512, ...(size !== undefined ? { size } : {}) }],
    path: url,
    sha512,
    releaseDate: release.registeredAt,
    doorstep: {
      signature: feed.signature,
      window: feed.window,
      timeZone: feed.timeZone,
      healthTimeoutSec: feed.healthTimeoutSec,
    },
  };
}

export function toYaml(info: ElectronUpdateInfo): string {
  const q = JSON.stringify;
  const files = info.files.length
    ? info.files
        .map(
          (f) =>
            `  - url: ${q(f.url)}\n    sha512: ${q(f.sha512)}${f.size !== undefined ? `\n    size: ${f.size}` : ''}`,
        )
        .join('\n')
    : '';
  return [
    `version: ${q(info.version)}`,
    info.files.length ? `files:\n${files}` : 'files: []',
    `path: ${q(info.path)}`,
    `sha512: ${q(info.sha512)}`,
    `releaseDate: ${q(info.releaseDate)}`,
    // JSON is YAML's flow style: one line, nothing to escape.
    ...(info.doorstep ? [`doorstep: ${q(info.doorstep)}`] : []),
    '',
  ].join('\n');
}
