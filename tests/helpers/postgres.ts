import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

// A throwaway PostgreSQL server: initdb into a temporary folder, loopback port, trust auth, stopped
// and deleted afterwards. PostgreSQL refuses to run as root, so as root it runs as the `postgres`
// user through runuser, on a folder that user owns.

export interface TestPostgres {
  url: string;
  port: number;
  /** The temporary folder holding the data directory, socket and log. */
  dir: string;
  /** Stops the server like a crash (`pg_ctl -m immediate`), keeping its data for `start`. */
  crash(): void;
  /** Starts it again on the same port and data after `crash`. */
  start(): void;
  stop(): Promise<void>;
}

function findBin(name: string): string {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const p = join(base, v, 'bin', name);
      if (existsSync(p)) return p;
    }
  }
  throw new Error(
    `PostgreSQL's ${name} was not found on PATH or under /usr/lib/postgresql/*/bin: install PostgreSQL (apt-get install postgresql).`,
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `crashSafe`: commits are flushed before they are acknowledged (synchronous_commit on), so a
 * `crash()` keeps every acknowledged commit, as a production server does; the default trades that
 * for speed.
 */
export async function startPostgres(opts: { crashSafe?: boolean } = {}): Promise<TestPostgres> {
  const initdb = findBin('initdb');
  const pgCtl = findBin('pg_ctl');
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-pg-'));
  const data = join(dir, 'data');
  const run = (bin: string, args: string[]) => {
    const cmd = asRoot ? 'runuser' : bin;
    const full = asRoot ? ['-u', 'postgres', '--', bin, ...args] : args;
    return execFileSync(cmd, full, { stdio: 'pipe', timeout: 60_000 });
  };
  if (asRoot) {
    const pg = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (pg.status !== 0)
      throw new Error(
        'Running as root needs a `postgres` system user for PostgreSQL (apt-get install postgresql).',
      );
    chownSync(dir, Number(pg.stdout.trim()), Number(gid.stdout.trim()));
    chmodSync(dir, 0o700);
  }
  const port = await freePort();
  const startArgs = [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '30',
    '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=${opts.crashSafe ? 'on' : 'off'} -c full_page_writes=off -c max_connections=300`,
    'start',
  ];
  try {
    run(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync']);
    run(pgCtl, startArgs);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`Could not start a test PostgreSQL: ${e.stderr?.toString().trim() || e.message}`, {
      cause: err,
    });
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    crash() {
      run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    start() {
      run(pgCtl, startArgs);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
