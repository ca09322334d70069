import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importUpdateKey } from '../../contract/update-rules';
import { updateRound } from './decide';
import { DEFAULT_PATHS, systemEffects } from './effects';

// doorstep-updater: one update round, run as root by doorstep-kiosk-updater.timer (never by the
// kiosk user, who cannot write /usr). Reads the central URL from the host's kiosk.json and the
// station token from its store, the district key from the package, and exits 0 unless it failed.

const DATA = '/var/lib/doorstep-kiosk';
const KEY_FILE = '/usr/share/doorstep-kiosk/update-key.pub';

const USAGE = `Usage: doorstep-updater [--help]   (/usr/lib/doorstep-kiosk/bin/doorstep-updater, as root)

One update round, as doorstep-kiosk-updater.timer runs it every 15 minutes: asks central's feed with
the kiosk's station token, and inside the maintenance window with no resident session downloads the
release, checks its sha512 and its signature against ${KEY_FILE}, installs it, restarts
the host and rolls back to the kept previous package when the new one does not report healthy.
State: /run/doorstep-updater/state.json. Docs: docs/deployment.md (Updates).

  --help   show this help`;

/** --help prints the usage (exit 0); anything else is refused (exit 2) before a round starts. */
function readArgs(): void {
  let help: boolean | undefined;
  try {
    help = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } }).values.help;
  } catch (err) {
    process.stderr.write(`doorstep-updater: ${(err as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
}

async function main(): Promise<void> {
  readArgs();
  const log = (m: string) => process.stdout.write(`doorstep-updater: ${m}\n`);
  const config = JSON.parse(readFileSync(`${DATA}/kiosk.json`, 'utf8')) as { centralUrl: string };
  const token = await stationToken(`${DATA}/kiosk.db`);
  if (!token) {
    log('not enrolled yet: nothing to do');
    return;
  }
  // No key file (a package built without one): every release is refused, never installed unchecked.
  const key = existsSync(KEY_FILE) ? await importUpdateKey(readFileSync(KEY_FILE, 'utf8')) : null;
  const outcome = await updateRound(
    systemEffects({ url: config.centralUrl, token }, DEFAULT_PATHS, log),
    key,
  );
  log(`round: ${outcome}`);
  if (outcome === 'failed') process.exitCode = 1;
}

async function stationToken(dbFile: string): Promise<string | null> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT token FROM station WHERE id = 1').get() as { token: string } | undefined;
    return row?.token ?? null;
  } finally {
    db.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`doorstep-updater: ${(err as Error).message}\n`);
  process.exit(1);
});
