import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEMO_PASSWORD, DEMO_STAFF } from './seed/demo';
import { parseTrustProxy, readMetricsToken } from './http/listen-options';
import { loadTlsFiles } from './http/tls';
import type { StartOptions } from './server';

const HELP = `Doorstep central service

Usage: npm run central -- [options]

  --port N               TCP port (default 8080; 0 picks a free one)
  --host ADDR            address to listen on (default 127.0.0.1)
  --data DIR             data folder: SQLite database, PII key (default .data/central)
  --seed demo            load the demo district (accounts printed at start)
  --demo-password PW     password of the demo accounts (default ${DEMO_PASSWORD})
  --database-url URL     use PostgreSQL (postgres://…) instead of the embedded SQLite file
  --pii-key-file FILE    the personal data key file, outside the data folder, mode 0600
  --public-url URL       base URL printed in ticket QR codes (default: the listening URL)
  --renderer DIR         built front ends to serve (default dist/renderer)
  --log-level LEVEL      fatal, error, warn, info (default), debug
  --tls-cert FILE        listen with HTTPS: PEM certificate chain (server certificate first, then
                         the intermediates); needs --tls-key (docs/tls.md)
  --tls-key FILE         the certificate's PEM private key (unencrypted, readable by this user only)
  --trust-proxy V        behind a reverse proxy: trust its X-Forwarded-For/-Proto; V is true, a hop
                         count, or the proxy's addresses/CIDRs (10.0.0.5,10.0.0.0/24). Never without
                         a proxy in front: clients could then choose their own address
  --metrics-token-file FILE  bearer token for /metrics and /api/docs in production mode (default
                         DOORSTEP_METRICS_TOKEN); a file, so the token is not in the process list
  --backup-dir DIR       folder for scheduled backups (key: DOORSTEP_BACKUP_KEY; schedule: admin API)
  --help                 show this help

  admin create --username U   create the first district administrator (see: admin --help)
  backup, restore             encrypted backups of the database (see: backup --help)
  sweep [--dry-run]           erase personal data past its retention period (see: sweep --help)
  rotate-key --new-key-file F re-encrypt personal data under a new key (see: rotate-key --help)
  release upload FILE --signature SIG --central URL --username U
                              upload a signed kiosk package to central (see: release --help)

Personal data key: --pii-key-file FILE or DOORSTEP_PII_KEY_FILE (one 64-hex-digit key a line, the
current one first), else DOORSTEP_PII_KEY, else DIR/pii.key; demo mode creates that file.
`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function isPostgresUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** The URL with its password replaced, for messages (the password must not reach a terminal log). */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** What to check when PostgreSQL cannot be reached or refuses us (pg's own message says which). */
const DB_HINT: Record<string, string> = {
  ECONNREFUSED: 'nothing listens there: is PostgreSQL running, and are the host and port right?',
  ENOTFOUND: 'the host name does not resolve: check the host in the URL',
  EAI_AGAIN: 'the host name does not resolve: check the host in the URL and the DNS',
  ETIMEDOUT: 'no answer: check the host, the port and the firewall',
  '28P01': 'wrong user name or password',
  '28000': 'the server refuses this user from this address: check pg_hba.conf',
  '3D000': 'the database does not exist: create it first (createdb)',
};

/** Set once --database-url is read, for the message when it cannot be used. */
let databaseUrlInUse: string | undefined;

/** --tls-cert/--tls-key, --trust-proxy, --metrics-token-file; exits 2 with the reason when one is wrong. */
function listenOptionsOf(args: {
  'tls-cert'?: string;
  'tls-key'?: string;
  'trust-proxy'?: string;
  'metrics-token-file'?: string;
}): Pick<StartOptions, 'tls' | 'trustProxy' | 'metricsToken'> {
  const out: Pick<StartOptions, 'tls' | 'trustProxy' | 'metricsToken'> = {};
  const cert = args['tls-cert'];
  const key = args['tls-key'];
  if ((cert === undefined) !== (key === undefined)) {
    process.stderr.write('--tls-cert and --tls-key go together: give both files, or neither\n');
    process.exit(2);
  }
  if (cert !== undefined && key !== undefined) {
    try {
      out.tls = loadTlsFiles(resolve(cert), resolve(key));
    } catch (err) {
      process.stderr.write(`central: ${(err as Error).message}\n`);
      process.exit(2);
    }
  }
  if (args['trust-proxy'] !== undefined) {
    const t = parseTrustProxy(args['trust-proxy']);
    if (!t.ok) {
      process.stderr.write(`${t.error}\n`);
      process.exit(2);
    }
    out.trustProxy = t.value;
  }
  if (args['metrics-token-file'] !== undefined) {
    const t = readMetricsToken(resolve(args['metrics-token-file']));
    if (!t.ok) {
      process.stderr.write(`central: ${t.error}\n`);
      process.exit(2);
    }
    out.metricsToken = t.value;
  }
  return out;
}

async function main(): Promise<void> {
  const sub = process.argv[2];
  if (sub === 'backup' || sub === 'restore') {
    const { runBackupCommand } = await import('./backup/cli');
    process.exit(await runBackupCommand(process.argv.slice(2)));
  }
  if (sub === 'sweep') {
    const { runSweepCommand } = await import('./services/data/cli');
    process.exit(await runSweepCommand(process.argv.slice(3)));
  }
  if (sub === 'rotate-key') {
    const { rotateKeyCommand } = await import('./security/rotate-cli');
    process.exit(await rotateKeyCommand(process.argv.slice(3)));
  }
  if (sub === 'release') {
    const { releaseCommand } = await import('./updates/release-cli');
    process.exit(await releaseCommand(process.argv.slice(3)));
  }
  if (sub === 'admin') {
    const { adminCommand } = await import('./admin-cli');
    process.exit(await adminCommand(process.argv.slice(3)));
  }
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string', default: '.data/central' },
        seed: { type: 'string' },
        'demo-password': { type: 'string' },
        'database-url': { type: 'string' },
        'pii-key-file': { type: 'string' },
        'public-url': { type: 'string' },
        renderer: { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'trust-proxy': { type: 'string' },
        'metrics-token-file': { type: 'string' },
        'backup-dir': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number from 0 to 65535, got "${args.port}"\n`);
    process.exit(2);
  }
  if (args.seed !== undefined && args.seed !== 'demo') {
    process.stderr.write(`--seed takes only "demo", got "${args.seed}"\n`);
    process.exit(2);
  }
  if (!LOG_LEVELS.includes(args['log-level'])) {
    process.stderr.write(`--log-level is one of ${LOG_LEVELS.join(', ')}, got "${args['log-level']}"\n`);
    process.exit(2);
  }
  const databaseUrl = args['database-url'];
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) {
    process.stderr.write(
      `--database-url must be a PostgreSQL URL such as postgres://doorstep:PASSWORD@db.example:5432/doorstep, got "${redactUrl(databaseUrl)}"\n`,
    );
    process.exit(2);
  }
  databaseUrlInUse = databaseUrl;
  const listen = listenOptionsOf(args);
  const demo = args.seed === 'demo';
  // The server (Fastify, database drivers) is loaded only once the options are known to be good, so
  // --help and a mistyped option answer at once.
  const { startCentral } = await import('./server');
  const central = await startCentral({
    port,
    host: args.host,
    dataDir: resolve(args.data),
    seed: demo ? 'demo' : undefined,
    databaseUrl,
    piiKeyFile: args['pii-key-file'] && resolve(args['pii-key-file']),
    demoPassword: args['demo-password'],
    publicUrl: args['public-url'],
    rendererDir: resolve(args.renderer ?? 'dist/renderer'),
    logger: { stream: process.stderr, level: args['log-level'] },
    ...listen,
    backupDir: args['backup-dir'] === undefined ? undefined : resolve(args['backup-dir']),
  });
  process.stdout.write(`central: ${central.url}\n`);
  if (demo) {
    const pw = args['demo-password'] ?? DEMO_PASSWORD;
    for (const s of DEMO_STAFF) process.stdout.write(`demo account: ${s.username} / ${pw} (${s.role})\n`);
    const code = await central.enrollmentCode('s-zhangjiang-1');
    process.stdout.write(`demo enrollment code for s-zhangjiang-1: ${code} (valid 24 h, one use)\n`);
  }
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => void central.close().then(() => process.exit(0)));
  }
}

main().catch((err: unknown) => {
  const e = err as Error & { code?: string };
  const hint = e.code ? DB_HINT[e.code] : undefined;
  if (hint && databaseUrlInUse) {
    process.stderr.write(
      `central: cannot use the database ${redactUrl(databaseUrlInUse)}: ${e.message}; ${hint}\n`,
    );
  } else {
    process.stderr.write(`central: ${e.message}\n`);
  }
  process.exit(1);
});
