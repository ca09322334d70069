import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBackupKey } from '../../../central/backup';
import { loadPiiKeys, piiCipher } from '../../../central/security/pii';
import { Sealer } from '../../../central/video/crypto';

// Key ids and key rings: data written before key ids (by the derivations below, as the service wrote
// it) stays readable, each ciphertext names its key, a ring reads every key's data and writes under
// the first, and each purpose has its own HKDF key.

const dir = mkdtempSync(join(tmpdir(), 'doorstep-pii-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** How personal data was sealed before key ids ("v1.", no id). */
function legacyEncrypt(master: Buffer, plain: string): string {
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'doorstep pii enc', 32));
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
}

/** The video data key before key ids: the lookup hash of a fixed label. */
function legacyVideoKey(master: Buffer): Buffer {
  const mac = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'doorstep pii lookup', 32));
  return createHmac('sha256', mac).update('DOORSTEP VIDEO DATA KEY V1').digest();
}

describe('PII key ring', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it('reads data sealed before key ids, with the key alone or as an older key of a ring', () => {
    const old = legacyEncrypt(k1, '张三');
    expect(piiCipher(k1).decrypt(old)).toBe('张三');
    expect(piiCipher([k2, k1]).decrypt(old)).toBe('张三');
    expect(() => piiCipher(k2).decrypt(old)).toThrow();
  });

  it('names the key in every new ciphertext and writes under the first key of a ring', () => {
    const ring = piiCipher([k2, k1]);
    const sealed = ring.encrypt('11010519491231002X');
    expect(sealed.startsWith(`v2.${piiCipher(k2).keyId}.`)).toBe(true);
    expect(ring.keyIdOf(sealed)).toBe(ring.keyId);
    expect(piiCipher(k2).decrypt(sealed)).toBe('11010519491231002X');
    expect(() => piiCipher(k1).decrypt(sealed)).toThrow(/not loaded/);
    expect(ring.decrypt(piiCipher(k1).encrypt('李四'))).toBe('李四');
  });

  it('keeps lookup hashes of existing residents and finds them under every key of a ring', () => {
    const legacyHash = createHmac(
      'sha256',
      Buffer.from(hkdfSync('sha256', k1, Buffer.alloc(0), 'doorstep pii lookup', 32)),
    )
      .update('11010519491231002X')
      .digest('base64url');
    expect(piiCipher(k1).lookupHash('11010519491231002x')).toBe(legacyHash);
    expect(piiCipher([k2, k1]).lookupHashes('11010519491231002X')).toEqual([
      piiCipher(k2).lookupHash('11010519491231002X'),
      legacyHash,
    ]);
  });

  it('derives the video data key with its own label and still opens video data sealed before', () => {
    const before = new Sealer(legacyVideoKey(k1)).sealText('{"name":"张三"}');
    const sealer = new Sealer(piiCipher([k2, k1]).videoKeys());
    expect(sealer.openText(before)).toBe('{"name":"张三"}');
    const now = sealer.sealText('签名');
    expect(now.startsWith(`v2:${piiCipher(k2).keyId}:`)).toBe(true);
    expect(new Sealer(piiCipher(k2).videoKeys()).openText(now)).toBe('签名');
    const keys = piiCipher(k2).videoKeys();
    expect(keys.current.key.equals(legacyVideoKey(k2))).toBe(false);
  });

  it('reads a key file of several keys, current first, and refuses one others can read', () => {
    const file = join(dir, 'ring.key');
    writeFileSync(file, `# rotated 2026-12\n${k2.toString('hex')}\n\n${k1.toString('hex')}\n`, {
      mode: 0o600,
    });
    chmodSync(file, 0o600);
    const keys = loadPiiKeys({ keyFile: file, defaultFile: join(dir, 'none'), demo: false }, {});
    expect(keys.map((k) => k.toString('hex'))).toEqual([k2.toString('hex'), k1.toString('hex')]);
    chmodSync(file, 0o640);
    expect(() => loadPiiKeys({ keyFile: file, defaultFile: '', demo: false }, {})).toThrow(
      /readable by others \(mode 0640\): run chmod 600/,
    );
    // The environment names the file when the flag does not.
    chmodSync(file, 0o600);
    expect(
      loadPiiKeys({ defaultFile: join(dir, 'none'), demo: false }, { DOORSTEP_PII_KEY_FILE: file }),
    ).toHaveLength(2);
    expect(() => loadPiiKeys({ defaultFile: join(dir, 'none'), demo: false }, {})).toThrow(/--pii-key-file/);
  });

  it('refuses a backup key that is any key of the PII key file, the older ones included', () => {
    const file = join(dir, 'ring-for-backup.key');
    writeFileSync(file, `${k2.toString('hex')}\n${k1.toString('hex')}\n`, { mode: 0o600 });
    const env = { DOORSTEP_PII_KEY_FILE: file };
    expect(() =>
      loadBackupKey(undefined, undefined, { ...env, DOORSTEP_BACKUP_KEY: k1.toString('hex') }),
    ).toThrow(/must not be the PII key/);
    const other = randomBytes(32).toString('hex');
    expect(loadBackupKey(undefined, undefined, { ...env, DOORSTEP_BACKUP_KEY: other }).toString('hex')).toBe(
      other,
    );
  });
});
