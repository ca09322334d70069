import { z } from 'zod';

// Signed, staged kiosk updates (central/updates, packaging/deb/doorstep-updater). Central keeps
// releases of the kiosk package — a URL, its sha512 and an Ed25519 signature made with the district's
// key — and one rollout: the release kiosks should run, to which rings (pilot stations, a stable
// percentage of kiosks, everyone), in which daily maintenance window, paused or not. A kiosk's
// root-side updater asks the feed, verifies against the key pinned in its package, installs inside
// the window and reports its state in the heartbeat.

/** A Debian package version as dpkg and the kiosk's appVersion spell it ("1.4.2", "1.5.0~rc1"). */
export const ReleaseVersion = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[0-9][0-9A-Za-z.+~-]*$/, 'a package version: digits first, then letters, digits, . + ~ -');
export type ReleaseVersion = z.infer<typeof ReleaseVersion>;

/** sha512 of the package file, lowercase hex. */
export const Sha512Hex = z.string().regex(/^[0-9a-f]{128}$/, '128 lowercase hex digits');
/** An Ed25519 signature (64 bytes), base64. */
export const Ed25519Signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, '64 bytes in base64');

/**
 * What the district key signs: the package name, version and sha512 in one line each. Signing the
 * manifest rather than the file binds the version to the bytes (an old signed package cannot be
 * offered as a new version) and keeps signing cheap; the updater checks the file's sha512 itself.
 */
export function releaseManifest(version: string, sha512: string): string {
  return `doorstep-kiosk\n${version}\n${sha512}\n`;
}

/** HH:MM in the centre's time zone (Asia/Shanghai). */
export const ClockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM');

/** The daily window updates may be installed in; end before start wraps midnight (22:00–05:00). */
export const MaintenanceWindow = z.object({ start: ClockTime, end: ClockTime });
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

/** POST /api/v1/admin/releases (district admin): register a package published at `url`. */
export const RegisterReleaseRequest = z.object({
  version: ReleaseVersion,
  url: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL'),
  sha512: Sha512Hex,
  signature: Ed25519Signature,
  notes: z.string().max(2000).optional(),
});
export type RegisterReleaseRequest = z.infer<typeof RegisterReleaseRequest>;

export const Release = RegisterReleaseRequest.extend({
  /**
   * Where kiosks download it: an https URL, or for a package uploaded to central the path of central's
   * own download route (PACKAGE_ROUTE), fetched with the kiosk's station token.
   */
  url: z.string(),
  notes: z.string().nullable(),
  registeredAt: z.string().datetime({ offset: true }),
  registeredBy: z.string(),
});
export type Release = z.infer<typeof Release>;

export const ReleaseList = z.object({ releases: z.array(Release) });
export type ReleaseList = z.infer<typeof ReleaseList>;

/** PUT /api/v1/admin/rollout (district admin): which release goes to whom, when. */
export const RolloutRequest = z.object({
  version: ReleaseVersion,
  /** Ring 1: every kiosk of these stations. */
  pilotStationIds: z.array(z.string().min(1).max(64)).max(500).default([]),
  /** Ring 2: this share of the other kiosks, chosen by a stable hash of the kiosk id. 100 is everyone. */
  percent: z.number().min(0).max(100),
  window: MaintenanceWindow,
  /** Seconds the new version has to report healthy before the updater rolls back. */
  healthTimeoutSec: z.number().int().min(30).max(3600).default(300),
});
export type RolloutRequest = z.infer<typeof RolloutRequest>;

export const Rollout = RolloutRequest.extend({
  paused: z.boolean(),
  updatedAt: z.string().datetime({ offset: true }),
  updatedBy: z.string(),
});
export type Rollout = z.infer<typeof Rollout>;

/** What a kiosk's updater is doing, reported in its heartbeat. */
export const UpdateState = z.enum([
  'idle',
  'downloading',
  'verified',
  'waiting',
  'installing',
  'installed',
  'healthy',
  'rolled_back',
  'refused',
  'failed',
]);
export type UpdateState = z.infer<typeof UpdateState>;

/** The `update` part of a heartbeat (optional: older kiosks do not send it). */
export const KioskUpdateReport = z.object({
  state: UpdateState,
  /** The version the updater is working on, if any. */
  targetVersion: ReleaseVersion.nullable(),
  /** Why, for a technician (refused: "signature", "sha512"; failed: the dpkg error). */
  detail: z.string().max(500).optional(),
});
export type KioskUpdateReport = z.infer<typeof KioskUpdateReport>;

/** GET /api/v1/kiosk/update (station token), query: the kiosk's running version. */
export const UpdateFeedQuery = z.object({ version: ReleaseVersion.optional() });
export type UpdateFeedQuery = z.infer<typeof UpdateFeedQuery>;

/** GET /api/v1/kiosk/update: install this, or nothing (and why, for the updater's log). */
export const UpdateFeedResponse = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('none'),
    reason: z.enum(['no-rollout', 'paused', 'not-in-rollout', 'current', 'rolled-back']),
  }),
  z.object({
    action: z.literal('update'),
    version: ReleaseVersion,
    url: z.string(),
    sha512: Sha512Hex,
    signature: Ed25519Signature,
    window: MaintenanceWindow,
    timeZone: z.string(),
    healthTimeoutSec: z.number().int().positive(),
  }),
]);
export type UpdateFeedResponse = z.infer<typeof UpdateFeedResponse>;

/**
 * What central adds under `doorstep:` to electron-updater's `latest-linux.yml` for a kiosk in the
 * rollout (central/updates/electron-feed.ts): the district signature and the rollout's window, which
 * builder-util-runtime's UpdateInfo has no field for. electron-updater ignores unknown keys; the
 * Electron shell (main/electron/updates.ts) refuses an offer without them.
 */
export const ElectronFeedExtras = z.object({
  signature: Ed25519Signature,
  window: MaintenanceWindow,
  timeZone: z.string().min(1),
  healthTimeoutSec: z.number().int().positive(),
});
export type ElectronFeedExtras = z.infer<typeof ElectronFeedExtras>;

export const RolloutRing = z.enum(['pilot', 'staged', 'rest']);
export type RolloutRing = z.infer<typeof RolloutRing>;

/** GET /api/v1/admin/rollout?centreId= (supervisor, admin): the rollout and its progress per ring. */
export const RolloutStatusQuery = z.object({ centreId: z.string().min(1) });
export const RolloutStatus = z.object({
  rollout: Rollout.nullable(),
  rings: z.array(
    z.object({
      ring: RolloutRing,
      /** Offered the release (pilot and staged rings while not paused); the rest is not. */
      offered: z.boolean(),
      kiosks: z.number().int().nonnegative(),
      byVersion: z.record(z.string(), z.number().int().nonnegative()),
      byState: z.record(z.string(), z.number().int().nonnegative()),
    }),
  ),
});
export type RolloutStatus = z.infer<typeof RolloutStatus>;

/** Central's download route of an uploaded package (station token; Range requests answered). */
export const PACKAGE_ROUTE = '/api/v1/kiosk/update/package';
export const packagePathOf = (version: string) => `${PACKAGE_ROUTE}/${encodeURIComponent(version)}`;

/**
 * POST /api/v1/admin/releases/{version}/package?signature= (district admin): the .deb itself as
 * application/octet-stream. Central computes its sha512 while it streams to disk and keeps it only if
 * the district key's signature of (version, sha512) verifies.
 */
export const UploadReleaseParams = z.object({ version: ReleaseVersion });
export const UploadReleaseQuery = z.object({
  signature: Ed25519Signature,
  notes: z.string().max(2000).optional(),
});
export type UploadReleaseQuery = z.infer<typeof UploadReleaseQuery>;
export const PackageParams = z.object({ version: ReleaseVersion });
