import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The kiosk's data folder is private to the kiosk user: kiosk.db holds the station token, kiosk.json the
// technician PIN's hash, the logs what happened at the station. Folders 0700, files 0600, whatever the
// umask of the process that created them — including folders and files from an older version, which
// are tightened at every start. Chromium's profile folder is Chromium's own (it already keeps it 0700).

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;

/** Creates `dir` if needed and makes it, and everything in it, private to this user. */
export function makePrivate(dir: string, skip: readonly string[] = ['chromium']): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  const walk = (d: string) => {
    chmodSync(d, PRIVATE_DIR);
    for (const name of readdirSync(d)) {
      if (d === dir && skip.includes(name)) continue;
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && (st.mode & 0o777) !== PRIVATE_FILE) chmodSync(p, PRIVATE_FILE);
    }
  };
  walk(dir);
}

/** Creates an empty file readable by this user only, unless it exists (SQLite's -wal/-shm copy its mode). */
export function createPrivateFile(file: string): void {
  if (existsSync(file)) return;
  closeSync(openSync(file, 'a', PRIVATE_FILE));
}
