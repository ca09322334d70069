import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { VideoKeys } from '../security/pii';

// Sensitive case data at rest (document photos, signatures, the identity shown to the agent):
// AES-256-GCM, a fresh 96-bit IV per value, stored as "v2:<key id>:<iv>:<tag>:<ciphertext>" in
// base64 under a key ring (central/security/pii.ts), or as "v1:<iv>:<tag>:<ciphertext>" under a single
// key (values written before key ids; a ring opens them with each of its legacy keys).

export class Sealer {
  private readonly ring: VideoKeys | null;
  private readonly key: Buffer;

  constructor(keys: Buffer | VideoKeys) {
    this.ring = Buffer.isBuffer(keys) ? null : keys;
    this.key = Buffer.isBuffer(keys) ? keys : keys.current.key;
    if (this.key.length !== 32) throw new Error('the video data key must be 32 bytes (AES-256)');
  }

  seal(plain: Buffer): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    const parts = [iv.toString('base64'), c.getAuthTag().toString('base64'), body.toString('base64')];
    return (this.ring ? ['v2', this.ring.current.id, ...parts] : ['v1', ...parts]).join(':');
  }

  open(sealed: string): Buffer {
    const parts = sealed.split(':');
    if (parts[0] === 'v2' && parts.length === 5) {
      const key = this.ring?.byId.get(parts[1]!);
      if (!key) throw new Error(`video data sealed under key ${parts[1]}, which is not loaded`);
      return openWith(key, parts.slice(2));
    }
    if (parts[0] !== 'v1' || parts.length !== 4) throw new Error('not a sealed value');
    const keys = this.ring ? this.ring.legacy : [this.key];
    let last: unknown;
    for (const k of keys) {
      try {
        return openWith(k, parts.slice(1));
      } catch (err) {
        last = err;
      }
    }
    throw last as Error;
  }

  sealText(s: string): string {
    return this.seal(Buffer.from(s, 'utf8'));
  }

  openText(s: string): string {
    return this.open(s).toString('utf8');
  }
}

/**
 * TURN REST credentials as coturn's `use-auth-secret` checks them: username "<expiry unix>:<id>",
 * password base64(HMAC-SHA1(static-auth-secret, username)).
 */
export function turnCredential(secret: string, id: string, ttlSec: number, nowMs: number) {
  const expiry = Math.floor(nowMs / 1000) + ttlSec;
  const username = `${expiry}:${id}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expiry * 1000).toISOString() };
}

function openWith(key: Buffer, [iv, tag, body]: string[]): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64'));
  d.setAuthTag(Buffer.from(tag!, 'base64'));
  return Buffer.concat([d.update(Buffer.from(body!, 'base64')), d.final()]);
}
