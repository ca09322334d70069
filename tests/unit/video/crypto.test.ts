import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sealer, turnCredential } from '../../../central/video/crypto';

describe('sealed case data', () => {
  it('round-trips and hides the plain text, with a fresh IV each time', () => {
    const s = new Sealer(randomBytes(32));
    const a = s.sealText('张三 310115********1234');
    const b = s.sealText('张三 310115********1234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('张三');
    expect(s.openText(a)).toBe('张三 310115********1234');
  });

  it('refuses a tampered value and a wrong key', () => {
    const s = new Sealer(randomBytes(32));
    const sealed = s.seal(Buffer.from('document bytes'));
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64');
    body[0]! ^= 1;
    parts[3] = body.toString('base64');
    expect(() => s.open(parts.join(':'))).toThrow();
    expect(() => new Sealer(randomBytes(32)).open(sealed)).toThrow();
  });
});

describe('TURN REST credentials', () => {
  it('follow coturn use-auth-secret: "<expiry>:<id>" and base64 HMAC-SHA1', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    const c = turnCredential('s3cret-s3cret-s3cret', 'kiosk-1', 3600, now);
    expect(c.username).toBe(`${now / 1000 + 3600}:kiosk-1`);
    expect(c.credential).toBe(createHmac('sha1', 's3cret-s3cret-s3cret').update(c.username).digest('base64'));
    expect(c.expiresAt).toBe('2026-11-21T13:00:00.000Z');
  });
});
