import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsRehash, type ScryptParams } from '../../../central/security/secrets';
import { Client, DBS, type TestCentral, startTestCentral, stopPostgres } from '../central/harness';

// Staff passwords: each hash carries its scrypt parameters; a hash below the current cost (the
// older "scrypt$N$…" format included) still signs in and is replaced at that sign-in by one at the
// current cost. A wrong password changes nothing. On both databases, with a test cost a little
// above the old one (the production cost is checked in tests/unit/central/passwords.test.ts).

afterAll(stopPostgres);

const CURRENT: ScryptParams = { N: 32768, r: 8, p: 1 };

/** A hash as central wrote it before parameters were stored: N only, r=8, p=1. */
function oldFormatHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

describe.each(DBS)('staff password hashes on %s', (kind) => {
  let c: TestCentral;
  const storedHash = async () =>
    (await c.central.db.get<{ password_hash: string }>(
      "SELECT password_hash FROM staff WHERE username = 'agent1'",
    ))!.password_hash;
  const signIn = (password: string) =>
    new Client(c.url).post('/api/v1/auth/login', { username: 'agent1', password });

  beforeAll(async () => {
    c = await startTestCentral(kind, { listen: false, passwordParams: CURRENT });
    await c.central.db.run("UPDATE staff SET password_hash = ? WHERE username = 'agent1'", [
      oldFormatHash('doorstep-demo'),
    ]);
  });
  afterAll(() => c?.close());

  it('signs in with a hash of the old format and stores it again at the current cost', async () => {
    const before = await storedHash();
    expect((await signIn('wrong-password')).status).toBe(401);
    expect(await storedHash()).toBe(before);

    expect((await signIn('doorstep-demo')).status).toBe(200);
    const after = await storedHash();
    expect(after).toMatch(/^scrypt\$N=32768,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(needsRehash(after, CURRENT)).toBe(false);
    // Signing in again keeps that hash (nothing to raise) and still works.
    expect((await signIn('doorstep-demo')).status).toBe(200);
    expect(await storedHash()).toBe(after);
  });
});
