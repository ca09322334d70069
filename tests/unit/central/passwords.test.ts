import { describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD_PARAMS,
  PASSWORD_PARAMS,
  hashPassword,
  needsRehash,
  verifyPassword,
} from '../../../central/security/secrets';

// The production cost of a staff password hash is OWASP's (N=2^17, r=8, p=1, or its equivalent
// N=2^16, r=8, p=2), written into each hash; lower-cost or older-format hashes are marked for rehash.

describe('password hashes', () => {
  it("are made at OWASP's cost by default and name their parameters", async () => {
    expect(PASSWORD_PARAMS.N * PASSWORD_PARAMS.r * PASSWORD_PARAMS.p).toBeGreaterThanOrEqual(2 ** 17 * 8);
    const h = await hashPassword('a-long-password-1');
    expect(h).toMatch(/^scrypt\$N=65536,r=8,p=2\$/);
    expect(await verifyPassword('a-long-password-1', h)).toBe(true);
    expect(needsRehash(h)).toBe(false);
  });

  it('mark lower costs and the older format for a rehash, and refuse hand-made extreme costs', async () => {
    const demo = await hashPassword('doorstep-demo', DEMO_PASSWORD_PARAMS);
    expect(needsRehash(demo)).toBe(true);
    expect(needsRehash(demo, DEMO_PASSWORD_PARAMS)).toBe(false);
    expect(needsRehash('scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA$AAAA')).toBe(true);
    // N not a power of 2, or far beyond any sane cost: never verified (no minutes-long sign-in).
    expect(await verifyPassword('x', 'scrypt$N=1000,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$N=1073741824,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA')).toBe(false);
  });
});
