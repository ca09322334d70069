import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { run, Running } from './run';

// `npm run central` as an operator starts it: --help, usage errors (exit 2 with what is wrong), a
// database URL that is not one or a server that is not there (a clear message, exit 1, the password
// never printed), and --seed demo printing the demo accounts with the --demo-password in effect.

const dir = mkdtempSync(join(tmpdir(), 'doorstep-central-cli-'));
const env = { DOORSTEP_PII_KEY: randomBytes(32).toString('hex') };
let central: Running | undefined;
afterEach(async () => {
  await central?.stop();
  central = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  run(['--import', 'tsx', 'central/cli.ts', '--port', '0', '--data', join(dir, 'data'), ...args], { env });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm run central', () => {
  it('--help lists the options', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const opt of [
      '--port N',
      '--seed demo',
      '--demo-password PW',
      '--database-url URL',
      '--log-level',
      '--tls-cert FILE',
      '--tls-key FILE',
      '--trust-proxy V',
      '--metrics-token-file FILE',
    ]) {
      expect(r.out).toContain(opt);
    }
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--port', '70000'], '--port must be a number from 0 to 65535, got "70000"'],
    [['--seed', 'prod'], '--seed takes only "demo", got "prod"'],
    [
      ['--log-level', 'loud'],
      '--log-level is one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
    [['--database-url', 'not-a-url'], '--database-url must be a PostgreSQL URL such as postgres://'],
    [['--tls-cert', 'central-chain.pem'], '--tls-cert and --tls-key go together'],
    [['--trust-proxy', 'nginx'], '--trust-proxy takes true, a hop count from 1 to 10'],
  ])('%j is a usage error: exit 2 and what is wrong', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('a database URL of another kind is refused without printing its password', async () => {
    const r = await cli('--database-url', 'mysql://doorstep:hunter2-secret@127.0.0.1/doorstep');
    expect(r.code).toBe(2);
    expect(r.err).toContain('got "mysql://doorstep:***@127.0.0.1/doorstep"');
    expect(r.err + r.out).not.toContain('hunter2-secret');
  });

  it('a PostgreSQL server that is not there: what to check, exit 1, no password', async () => {
    const port = await closedPort();
    const r = await cli('--database-url', `postgres://doorstep:hunter2-secret@127.0.0.1:${port}/doorstep`);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `central: cannot use the database postgres://doorstep:***@127.0.0.1:${port}/doorstep`,
    );
    expect(r.err).toContain('ECONNREFUSED');
    expect(r.err).toContain('is PostgreSQL running');
    expect(r.err + r.out).not.toContain('hunter2-secret');
  });

  it('--seed demo prints the URL and the demo accounts with the --demo-password, which then works', async () => {
    central = new Running(
      [
        '--import',
        'tsx',
        'central/cli.ts',
        '--port',
        '0',
        '--data',
        join(dir, 'demo'),
        '--seed',
        'demo',
        '--demo-password',
        'lantern-42',
        '--log-level',
        'warn',
      ],
      env,
    );
    const [, url] = await central.waitFor(/^central: (http:\/\/127\.0\.0\.1:\d+)$/m, 60_000);
    await central.waitFor(/^demo enrollment code for s-zhangjiang-1: \S+ \(valid 24 h, one use\)$/m);
    expect(central.out).toMatch(/^demo account: admin \/ lantern-42 \(admin\)$/m);
    expect(central.out).toMatch(/^demo account: agent1 \/ lantern-42 \(agent\)$/m);
    const login = (password: string) =>
      fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
    expect((await login('lantern-42')).status).toBe(200);
    expect((await login('doorstep-demo')).status).toBe(401);
    expect(await central.stop()).toBe(0);
  });
});
