import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStore } from '../store';

// The files in the data folder that say how far provisioning got. The station token itself is in the
// local store (kiosk.db); these are what root-side helpers and later starts read.

/** Written once the kiosk is enrolled: USB sticks are no longer mounted for provision.json. */
export const PROVISIONED_FILE = 'provisioned';
/** The district's CA certificate (PEM) for central, given at provisioning. */
export const CA_FILE = 'central-ca.pem';
/** Environment for the host unit (EnvironmentFile=-): NODE_EXTRA_CA_CERTS once a CA is given. */
export const HOST_ENV_FILE = 'host.env';
/** Screen settings the display session reads (rotation). */
export const DISPLAY_FILE = 'display.json';

/** Whether this kiosk holds a station token (enrolled), read from its local store. */
export function isEnrolled(dataDir: string): boolean {
  if (!existsSync(join(dataDir, 'kiosk.db'))) return false;
  const store = LocalStore.open(join(dataDir, 'kiosk.db'));
  try {
    return store.station.get() !== undefined;
  } finally {
    store.close();
  }
}

/**
 * The central URL a bare scanned code enrolls with: set in kiosk.json (by the image or an earlier
 * provisioning), not the development default the settings fall back to.
 */
export function knownCentral(dataDir: string): string | null {
  try {
    const raw = JSON.parse(readFileSync(join(dataDir, 'kiosk.json'), 'utf8')) as { centralUrl?: unknown };
    return typeof raw.centralUrl === 'string' && raw.centralUrl ? raw.centralUrl : null;
  } catch {
    return null;
  }
}

export function writePrivate(dataDir: string, name: string, text: string): void {
  writeFileSync(join(dataDir, name), text, { mode: 0o600 });
}
