import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';

// `npm run central -- admin create --username U`: the first district administrator of a production
// install, so no demo account is ever needed. The password is asked for (not echoed) on a terminal,
// or read from the first line of stdin (`echo "$PW" | npm run central -- admin create --username U`).
// Running it again for the same username resets that account's password and makes it a district admin.

export const ADMIN_HELP = `Usage: npm run central -- admin create --username NAME [--data DIR] [--database-url URL]

  Creates (or resets) a district administrator. The password is read from the terminal without
  echo, or from the first line of stdin when stdin is not a terminal. At least 10 characters.
`;

export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void };
  let prompted = false;
  out._writeToOutput = (s: string) => {
    // Show the prompt once, then nothing of what is typed.
    if (!prompted) process.stderr.write(s);
    prompted = true;
  };
  const pw = await new Promise<string>((done) => rl.question('password: ', done));
  rl.close();
  process.stderr.write('\n');
  return pw;
}

export async function adminCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        username: { type: 'string' },
        data: { type: 'string', default: '.data/central' },
        'database-url': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${ADMIN_HELP}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help || positionals[0] !== 'create') {
    (values.help ? process.stdout : process.stderr).write(ADMIN_HELP);
    return values.help ? 0 : 2;
  }
  const username = values.username ?? '';
  if (!/^[a-z0-9_.-]{3,32}$/.test(username)) {
    process.stderr.write('--username is 3-32 lower-case letters, digits, _ . -\n');
    return 2;
  }
  const password = await readPassword();
  if (password.length < 10) {
    process.stderr.write('the password needs at least 10 characters; nothing was changed\n');
    return 2;
  }
  const { openSqlite } = await import('./db/sqlite');
  const { openPostgres } = await import('./db/postgres');
  const { migrate } = await import('./db/migrate');
  const { createFirstAdmin } = await import('./services/admin/staff');
  const dataDir = resolve(values.data);
  mkdirSync(dataDir, { recursive: true });
  const db = values['database-url']
    ? openPostgres(values['database-url'])
    : openSqlite(join(dataDir, 'central.db'));
  try {
    await migrate(db);
    const r = await db.tx((q) => createFirstAdmin(q, username, password, Date.now()));
    process.stdout.write(`${r.created ? 'created' : 'reset'} district administrator ${username} (${r.id})\n`);
    return 0;
  } finally {
    await db.close();
  }
}
