import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCentral } from '../../../central/server';

// `npm run central -- admin create --username U` on a fresh install: the password comes from stdin,
// the account signs in as a district administrator, and no demo account exists.

const dir = mkdtempSync(join(tmpdir(), 'doorstep-admin-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function adminCreate(
  username: string,
  stdin: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'central/cli.ts', 'admin', 'create', '--username', username, '--data', dir],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.stdin.end(stdin);
  });
}

describe('npm run central -- admin create', () => {
  it('refuses a short password and changes nothing', async () => {
    const r = await adminCreate('root', 'short\n');
    expect(r.code).toBe(2);
    expect(r.err).toContain('at least 10 characters');
  });

  it('creates a district administrator who signs in; no demo account exists', async () => {
    const r = await adminCreate('root', 'a-long-password-1\n');
    expect(r.code).toBe(0);
    expect(r.out).toContain('created district administrator root');
    // A production install brings its own personal-data key.
    writeFileSync(join(dir, 'pii.key'), randomBytes(32).toString('hex'), { mode: 0o600 });
    const central = await startCentral({ dataDir: dir, port: 0 });
    try {
      const login = (u: string, p: string) =>
        fetch(`${central.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: u, password: p }),
        });
      expect((await login('root', 'a-long-password-1')).status).toBe(200);
      expect((await login('admin', 'doorstep-demo')).status).toBe(401);
    } finally {
      await central.close();
    }
  });
});
