import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPiiKeys, piiCipher, readPiiKeyFile } from './pii';

// `npm run central -- rotate-key --new-key-file FILE`: re-encrypts (and re-hashes) every stored
// piece of personal data under FILE's first key. The steps (docs/security.md "PII key"): make the
// new key, start central with a key file holding the new key first and the old one after it, run
// this, then drop the old line. Central keeps serving throughout; an interrupted run is resumed by
// running it again.

export const ROTATE_HELP = `Usage: npm run central -- rotate-key --new-key-file FILE [--data DIR | --database-url URL]
                      [--pii-key-file CURRENT] [--batch N]

  Re-encrypts every resident record, webhook secret and video case value under the first key of
  FILE (one 64-hex-digit key a line, mode 0600). Data is read with FILE's keys and the current ones
  (--pii-key-file, DOORSTEP_PII_KEY_FILE, DOORSTEP_PII_KEY or DIR/pii.key). Prints progress; safe to
  interrupt and run again. Exit 1 when some rows are under a key that is not loaded.
`;

export async function rotateKeyCommand(argv: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        'new-key-file': { type: 'string' },
        'pii-key-file': { type: 'string' },
        data: { type: 'string', default: '.data/central' },
        'database-url': { type: 'string' },
        batch: { type: 'string', default: '200' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${ROTATE_HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(ROTATE_HELP);
    return 0;
  }
  const batch = Number(values.batch);
  if (!values['new-key-file'] || !Number.isInteger(batch) || batch < 1 || batch > 10_000) {
    process.stderr.write(`--new-key-file is required and --batch is 1 to 10000\n\n${ROTATE_HELP}`);
    return 2;
  }
  const dataDir = resolve(values.data);
  let keys: Buffer[];
  try {
    const next = readPiiKeyFile(resolve(values['new-key-file']));
    let current: Buffer[] = [];
    try {
      current = loadPiiKeys({
        keyFile: values['pii-key-file'],
        defaultFile: join(dataDir, 'pii.key'),
        demo: false,
      });
    } catch (err) {
      // No current key configured: FILE must then hold every key the data is under.
      if (values['pii-key-file']) throw err;
    }
    keys = [...next, ...current];
  } catch (err) {
    process.stderr.write(`rotate-key: ${(err as Error).message}\n`);
    return 2;
  }
  if (!values['database-url'] && !existsSync(join(dataDir, 'central.db'))) {
    process.stderr.write(`rotate-key: no database at ${join(dataDir, 'central.db')}: check --data\n`);
    return 2;
  }
  const pii = piiCipher(keys);
  const { openSqlite } = await import('../db/sqlite');
  const { openPostgres } = await import('../db/postgres');
  const { migrate } = await import('../db/migrate');
  const { rotatePiiKey } = await import('./rotate');
  const db = values['database-url']
    ? openPostgres(values['database-url'], 2)
    : openSqlite(join(dataDir, 'central.db'));
  try {
    await migrate(db);
    process.stdout.write(`rotate-key: to key ${pii.keyId}, reading keys ${pii.keyIds.join(', ')}\n`);
    const r = await rotatePiiKey(db, pii, {
      batch,
      progress: (line) => process.stdout.write(`  ${line}\n`),
    });
    const moved = Object.values(r.rewritten).reduce((a, b) => a + b, 0);
    const lost = Object.entries(r.unreadable).filter(([, n]) => n > 0);
    process.stdout.write(`rotate-key: ${moved} rows now under key ${r.keyId}\n`);
    if (lost.length) {
      process.stderr.write(
        `rotate-key: rows no loaded key opens: ${lost.map(([t, n]) => `${t} ${n}`).join(', ')}; add the key they were written under and run again\n`,
      );
      return 1;
    }
    process.stdout.write(
      'rotate-key: done; run it again until it reports 0 rows if central wrote meanwhile, then remove the old key lines\n',
    );
    return 0;
  } finally {
    await db.close();
  }
}
