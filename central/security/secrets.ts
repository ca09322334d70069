import { createHash, randomBytes, randomFillSync, scrypt, timingSafeEqual } from 'node:crypto';

// Passwords (scrypt), bearer tokens and one-time codes (random, stored only as SHA-256).

/** scrypt's cost: N (CPU and memory, a power of 2), r (block size), p (parallelisation). */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP Password Storage Cheat Sheet: N=2^17, r=8, p=1, or one of its equivalents; this one,
 * N=2^16, r=8, p=2, costs the same CPU with half the memory (64 MiB a hash, so the four libuv
 * threads hashing at once stay within 256 MiB).
 */
export const PASSWORD_PARAMS: ScryptParams = { N: 65536, r: 8, p: 2 };

/** Demo installs (--seed demo), whose accounts' password is printed at start: the earlier cost. */
export const DEMO_PASSWORD_PARAMS: ScryptParams = { N: 16384, r: 8, p: 1 };

const KEYLEN = 32;
/** Bounds on stored parameters, so a hash written by hand cannot make a sign-in take minutes. */
const LIMITS = { N: 1 << 20, r: 32, p: 16 };

function scryptAsync(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEYLEN, { N, r, p, maxmem: 256 * N * r + (1 << 20) }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

interface StoredHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/**
 * "scrypt$N=65536,r=8,p=2$<salt>$<key>" (base64url); the older "scrypt$16384$<salt>$<key>" had
 * only N, with r=8 and p=1.
 */
function parseHash(stored: string): StoredHash | null {
  const [kind, cost, salt, key, extra] = stored.split('$');
  if (kind !== 'scrypt' || !cost || !salt || !key || extra !== undefined) return null;
  let params: ScryptParams;
  if (/^\d+$/.test(cost)) params = { N: Number(cost), r: 8, p: 1 };
  else {
    const m = /^N=(\d+),r=(\d+),p=(\d+)$/.exec(cost);
    if (!m) return null;
    params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  }
  const { N, r, p } = params;
  const powerOf2 = N > 1 && (N & (N - 1)) === 0;
  if (!powerOf2 || N > LIMITS.N || r < 1 || r > LIMITS.r || p < 1 || p > LIMITS.p) return null;
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

export async function hashPassword(
  password: string,
  params: ScryptParams = PASSWORD_PARAMS,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params);
  const { N, r, p } = params;
  return `scrypt$N=${N},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) return false;
  const got = await scryptAsync(password, h.salt, h.params);
  return got.length === h.key.length && timingSafeEqual(got, h.key);
}

/** True when a stored hash costs less than `target` (CPU or memory): hash again at sign-in. */
export function needsRehash(stored: string, target: ScryptParams = PASSWORD_PARAMS): boolean {
  const h = parseHash(stored);
  if (!h) return true;
  const { N, r, p } = h.params;
  return N * r * p < target.N * target.r * target.p || N * r < target.N * target.r;
}

/** A hash of nothing with the given cost: checked when a username is unknown, so timing does not tell. */
export function dummyHash(params: ScryptParams = PASSWORD_PARAMS): string {
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${'A'.repeat(22)}$${'A'.repeat(43)}`;
}

/** A random bearer token with a readable prefix (dst_ station token, dss_ staff session). */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** A one-time enrollment code, easy to type: 12 characters from an unambiguous alphabet, in groups. */
export function newEnrollmentCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function newId(prefix: string): string {
  return `${prefix}-${randomFrom(9).toString('base64url')}`;
}

// Small random values (ids, IVs) are cut from a pool filled from the CSPRNG 4 KiB at a time, as
// crypto.randomUUID does: one call into OpenSSL per few hundred values instead of one each. Every
// byte is handed out once.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/** n fresh random bytes (n <= 256), valid until the next call: use or copy them at once. */
export function randomFrom(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}
