import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { buildCentralApp } from './app';

const HELP = `Doorstep central service

Usage: npm run central -- [options]

  --port N               TCP port on 127.0.0.1 (default 8080; 0 picks a free one)
  --host ADDR            address to listen on (default 127.0.0.1)
  --data DIR             data folder: SQLite database, keys (default .data/central)
  --seed demo            load the demo district on first start
  --database-url URL     use PostgreSQL (postgres://…) instead of the embedded SQLite file
  --renderer DIR         built front ends to serve (default dist/renderer)
  --help                 show this help
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
        'database-url': { type: 'string' },
        renderer: { type: 'string' },
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
  const rendererDir = resolve(args.renderer ?? 'dist/renderer');
  const app = await buildCentralApp({ rendererDir, logger: true });
  const url = await app.listen({ port, host: args.host });
  process.stdout.write(`central: ${url}\n`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => void app.close().then(() => process.exit(0)));
  }
}

void main();
