import { createHash, randomBytes, randomFillSync, scrypt, timingSafeEqual } from 'node:crypto';

// Passwords (scrypt), bearer tokens and one-time codes (random, stored only as SHA-256).

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${SCRYPT.N}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, , salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const want = Buffer.from(key, 'base64url');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64url'));
  return got.length === want.length && timingSafeEqual(got, want);
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
