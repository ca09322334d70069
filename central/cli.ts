import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEMO_PASSWORD, DEMO_STAFF } from './seed/demo';
import { startCentral } from './server';

const HELP = `Doorstep central service

Usage: npm run central -- [options]

  --port N               TCP port (default 8080; 0 picks a free one)
  --host ADDR            address to listen on (default 127.0.0.1)
  --data DIR             data folder: SQLite database, PII key (default .data/central)
  --seed demo            load the demo district (accounts printed at start)
  --demo-password PW     password of the demo accounts (default ${DEMO_PASSWORD})
  --database-url URL     use PostgreSQL (postgres://…) instead of the embedded SQLite file
  --public-url URL       base URL printed in ticket QR codes (default: the listening URL)
  --renderer DIR         built front ends to serve (default dist/renderer)
  --log-level LEVEL      fatal, error, warn, info (default), debug
  --help                 show this help

Personal data key: DOORSTEP_PII_KEY (64 hex digits) or DIR/pii.key; demo mode creates the file.
`;

async function main(): Promise<void> {
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
        'public-url': { type: 'string' },
        renderer: { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
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
  const demo = args.seed === 'demo';
  const central = await startCentral({
    port,
    host: args.host,
    dataDir: resolve(args.data),
    seed: demo ? 'demo' : undefined,
    databaseUrl: args['database-url'],
    demoPassword: args['demo-password'],
    publicUrl: args['public-url'],
    rendererDir: resolve(args.renderer ?? 'dist/renderer'),
    logger: { stream: process.stderr, level: args['log-level'] },
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
  process.stderr.write(`central: ${(err as Error).message}\n`);
  process.exit(1);
});
