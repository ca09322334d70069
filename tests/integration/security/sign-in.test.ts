import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCentral, startTestCentral } from '../central/harness';

// Sign-in limits: the attempt is reserved before the password is checked, so a burst of parallel
// guesses cannot pass the limit; the account backs off instead of locking its owner out for long;
// behind a trusted proxy each real client has its own budget; every sign-in and failure is audited.

const login = (c: TestCentral, username: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${c.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  }).then((r) => r.status);

describe('sign-in limits', () => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { loginLimit: 10, trustProxy: true });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('lets at most the limit of 30 parallel wrong passwords be checked', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.10' };
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(c, 'agent2', `wrong-${i}`, ip)),
    );
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });

  it('backs the account off for a minute, not a lock-out: its owner signs in from elsewhere after the wait', async () => {
    const owner = { 'x-forwarded-for': '198.51.100.7' };
    // agent2 has 10 failures from the burst above: the account waits, whoever asks.
    expect(await login(c, 'agent2', 'doorstep-demo', owner)).toBe(429);
    c.clock.advance(1.1);
    expect(await login(c, 'agent2', 'doorstep-demo', owner)).toBe(200);
    // The success cleared the account's failures.
    expect(await login(c, 'agent2', 'wrong-again', owner)).toBe(401);
    expect(await login(c, 'agent2', 'doorstep-demo', owner)).toBe(200);
  });

  it("keys the client limit on the real client behind the trusted proxy: one client's guesses do not block another", async () => {
    const guesser = { 'x-forwarded-for': '203.0.113.99' };
    for (let i = 0; i < 10; i++) await login(c, `nobody-${i}`, 'x', guesser);
    expect(await login(c, 'supervisor', 'doorstep-demo', guesser)).toBe(429);
    expect(await login(c, 'supervisor', 'doorstep-demo', { 'x-forwarded-for': '198.51.100.8' })).toBe(200);
  });

  it('audits every sign-in, failure and refusal with the client address', async () => {
    const admin = await c.staff('admin');
    const entries = (await admin.get('/api/v1/admin/audit?limit=200')).body.entries as Array<{
      action: string;
      detail: { ip?: string; username?: string } | null;
    }>;
    const failed = entries.filter(
      (e) => e.action === 'auth.sign_in_failed' && e.detail?.username === 'agent2',
    );
    expect(failed.map((e) => e.detail?.ip)).toContain('203.0.113.10');
    expect(entries.some((e) => e.action === 'auth.sign_in_limited')).toBe(true);
    expect(entries.some((e) => e.action === 'auth.sign_in' && e.detail?.ip === '198.51.100.7')).toBe(true);
  });
});
