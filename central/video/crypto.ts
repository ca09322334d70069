import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

// Sensitive case data at rest (document photos, signatures, the identity shown to the agent):
// AES-256-GCM, a fresh 96-bit IV per value, stored as "v1:<iv>:<tag>:<ciphertext>" in base64.

export class Sealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the video data key must be 32 bytes (AES-256)');
  }

  seal(plain: Buffer): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), body.toString('base64')].join(
      ':',
    );
  }

  open(sealed: string): Buffer {
    const [v, iv, tag, body] = sealed.split(':');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    d.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]);
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
