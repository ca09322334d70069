import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, loadBackupKey, makeBackup, restoreBackup } from './index';

// `npm run central -- backup|restore …` (docs/data.md "Backups").

export const BACKUP_HELP = `Doorstep central: backup and restore

Usage:
  npm run central -- backup  --to FILE   [--data DIR | --database-url URL] [--key FILE]
  npm run central -- restore --from FILE [--data DIR | --database-url URL] [--key FILE]

  backup    a consistent copy while central keeps serving (SQLite online backup, or pg_dump on one
            snapshot), encrypted with the backup key, with a manifest (schema, time, checksum, counts)
  restore   into an EMPTY data folder or database only; refuses a backup from a newer schema, with a
            changed byte, or made with another key; prints what it restored

  --data DIR          central's data folder (SQLite central.db; default .data/central)
  --database-url URL  PostgreSQL instead (restore: a new, empty database made with createdb)
  --key FILE          the backup key file (64 hex digits); default: DOORSTEP_BACKUP_KEY
  --help              show this help

The backup key is not the PII key. A restored central also needs the PII key it used (DOORSTEP_PII_KEY
or DIR/pii.key): keep both keys, apart from the backups.
`;

export async function runBackupCommand(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let a;
  try {
    a = parseArgs({
      args: rest,
      options: {
        to: { type: 'string' },
        from: { type: 'string' },
        data: { type: 'string', default: '.data/central' },
        'database-url': { type: 'string' },
        key: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${BACKUP_HELP}`);
    return 2;
  }
  if (a.help) {
    process.stdout.write(BACKUP_HELP);
    return 0;
  }
  const file = command === 'backup' ? a.to : a.from;
  if (!file) {
    process.stderr.write(
      `${command} needs ${command === 'backup' ? '--to' : '--from'} FILE\n\n${BACKUP_HELP}`,
    );
    return 2;
  }
  const dataDir = resolve(a.data);
  const target = a['database-url'] ? { databaseUrl: a['database-url'] } : { dataDir };
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const key = loadBackupKey(a.key, resolve(dataDir, 'pii.key'));
    const started = Date.now();
    if (command === 'backup') {
      const m = await makeBackup(target, resolve(file), key, say);
      process.stdout.write(
        `backup: ${resolve(file)} (${m.kind}, schema ${m.schemaVersion}, ${(m.bytes / 1e6).toFixed(1)} MB, ` +
          `${Object.entries(m.counts)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    } else {
      const r = await restoreBackup(target, resolve(file), key, say);
      process.stdout.write(
        `restore: backup of ${r.manifest.createdAt} (schema ${r.manifest.schemaVersion}) restored: ${Object.entries(
          r.counts,
        )
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    }
    return 0;
  } catch (err) {
    const e = err as Error;
    process.stderr.write(`${command}: ${e instanceof BackupError ? `${e.code}: ` : ''}${e.message}\n`);
    return 1;
  }
}
