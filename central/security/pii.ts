import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { randomFrom } from './secrets';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// Personal data at rest (architecture decision 5): ID numbers and names are encrypted with
// AES-256-GCM; ID numbers also get a keyed hash (HMAC-SHA256) so a resident can be found without
// decrypting anything. Both keys derive (HKDF) from one 32-byte master key, read from
// DOORSTEP_PII_KEY (hex or base64) or a key file; demo mode creates the file on first start.

export interface PiiCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Keyed hash for lookups; the same input always gives the same hash under one key. */
  lookupHash(value: string): string;
}

export function piiCipher(master: Buffer): PiiCipher {
  if (master.length !== 32) throw new Error('the PII master key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'doorstep pii enc', 32));
  const macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'doorstep pii lookup', 32));
  return {
    encrypt(plain) {
      const iv = Buffer.from(randomFrom(12)); // a copy: it is concatenated after the cipher ran
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed.slice(3), 'base64url');
      const d = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    lookupHash(value) {
      return createHmac('sha256', macKey).update(value.toUpperCase()).digest('base64url');
    },
  };
}

function parseKey(text: string): Buffer {
  const t = text.trim();
  const buf = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (buf.length !== 32) throw new Error('the PII key must be 32 bytes, as 64 hex digits or base64');
  return buf;
}

/** The master key: env DOORSTEP_PII_KEY, else the key file; created there only in demo mode. */
export function loadPiiKey(keyFile: string, demo: boolean, env = process.env): Buffer {
  if (env.DOORSTEP_PII_KEY) return parseKey(env.DOORSTEP_PII_KEY);
  if (existsSync(keyFile)) return parseKey(readFileSync(keyFile, 'utf8'));
  if (!demo) {
    throw new Error(
      `no PII key: set DOORSTEP_PII_KEY or put 32 random bytes (hex) in ${keyFile} (demo mode creates one)`,
    );
  }
  const key = randomBytes(32);
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, `${key.toString('hex')}\n`, { mode: 0o600 });
  return key;
}
