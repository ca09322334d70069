import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../../db/db';
import { openPostgres } from '../../db/postgres';
import { openSqlite } from '../../db/sqlite';
import { compactErased } from './compact';
import { loadRetention } from './retention';
import { runSweep } from './sweep';

// `npm run central -- sweep [--dry-run]`: one retention sweep run against central's database, beside a
// running central or without one (docs/data.md "Retention").

export const SWEEP_HELP = `Doorstep central: retention sweep

Usage:
  npm run central -- sweep [--data DIR | --database-url URL] [--dry-run] [--compact]

  Erases the personal data past its retention period (the settings: GET /api/v1/admin/retention),
  in bounded batches; the run is audited with its counts.

  --data DIR          central's data folder (SQLite central.db; default .data/central)
  --database-url URL  PostgreSQL instead
  --dry-run           only count what is due, per kind; change nothing
  --compact           afterwards, rewrite the tables data was erased from (PostgreSQL: VACUUM FULL),
                      so no old row version keeps an erased value; locks each table while it
                      runs — for a quiet hour
  --help              show this help
`;

export async function runSweepCommand(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', default: '.data/central' },
        'database-url': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        compact: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${SWEEP_HELP}`);
    return 2;
  }
  if (a.help) {
    process.stdout.write(SWEEP_HELP);
    return 0;
  }
  let db: Db;
  if (a['database-url']) db = openPostgres(a['database-url']);
  else {
    const file = join(resolve(a.data), 'central.db');
    // Opening a file that is not there would make an empty database: say so instead.
    if (!existsSync(file)) {
      process.stderr.write(`sweep: no database at ${file}\n`);
      return 1;
    }
    db = openSqlite(file);
  }
  try {
    const r = await runSweep(db, Date.now(), await loadRetention(db), { by: 'cli', dryRun: a['dry-run'] });
    const counts = Object.entries(r.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    // What a legal hold kept, when it kept anything ("kept: held").
    const held = Object.entries(r.held ?? {})
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    process.stdout.write(
      `sweep${r.dryRun ? ' (dry run, nothing changed): due' : ': erased'} ${counts}${held ? `; kept (legal hold): ${held}` : ''}${r.more ? '; more left for the next run' : ''} (${r.ms} ms)\n`,
    );
    if (a.compact && !a['dry-run']) {
      const t0 = Date.now();
      const tables = await compactErased(db);
      process.stdout.write(`compacted ${tables.join(', ')} (${Date.now() - t0} ms)\n`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`sweep: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.close();
  }
}
