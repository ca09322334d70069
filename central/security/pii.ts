import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { randomFrom } from './secrets';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// Personal data at rest (architecture decision 5): ID numbers and names are encrypted with
// AES-256-GCM; ID numbers also get a keyed hash (HMAC-SHA256) so a resident can be found without
// decrypting anything. Every key derives (HKDF-SHA256, one label per purpose) from a 32-byte master
// key: encryption, lookup hash, key id, video case data. Several master keys can be loaded at once
// (a key ring, the first one current) so data written under an older key stays readable while
// `rotate-key` moves it to the current one (docs/security.md "PII key").
//
// Formats: "v2.<key id>.<base64url(iv | tag | ciphertext)>". The older "v1.<…>" carries no key id
// (written before key rings): it is opened by trying each key of the ring; GCM's tag tells which one.

export interface VideoKeys {
  /** Seals new values: "v2:<id>:…". */
  current: { id: string; key: Buffer };
  /** Every key of the ring by id, the current one included. */
  byId: ReadonlyMap<string, Buffer>;
  /** Keys of values sealed before key ids ("v1:…"): the old derivation, one per master key. */
  legacy: readonly Buffer[];
}

export interface PiiCipher {
  /** Id of the current key (8 hex digits). */
  readonly keyId: string;
  /** Ids of every key in the ring, the current one first. */
  readonly keyIds: readonly string[];
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Keyed hash for lookups under the current key; the same input always gives the same hash. */
  lookupHash(value: string): string;
  /** The hashes of a value under every key of the ring, the current one first (lookups during a rotation). */
  lookupHashes(value: string): string[];
  /** The key id a ciphertext was written under; null for the old format without one. */
  keyIdOf(sealed: string): string | null;
  /** Keys for the video case data (documents, signatures, identities, forms, TURN secret). */
  videoKeys(): VideoKeys;
}

interface DerivedKey {
  id: string;
  enc: Buffer;
  mac: Buffer;
  video: Buffer;
  legacyVideo: Buffer;
}

const hkdf = (master: Buffer, label: string, n = 32) =>
  Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), label, n));

function derive(master: Buffer): DerivedKey {
  if (master.length !== 32) throw new Error('the PII master key must be 32 bytes');
  const mac = hkdf(master, 'doorstep pii lookup');
  return {
    id: hkdf(master, 'doorstep pii key id', 4).toString('hex'),
    enc: hkdf(master, 'doorstep pii enc'),
    mac,
    video: hkdf(master, 'doorstep video data'),
    // Before key ids the video key was the lookup hash of a fixed label (which upper-cases it).
    legacyVideo: createHmac('sha256', mac).update('DOORSTEP VIDEO DATA KEY V1').digest(),
  };
}

function open(key: Buffer, raw: Buffer): string {
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

/** A cipher over one master key or a ring of them (the first one current). */
export function piiCipher(master: Buffer | readonly Buffer[]): PiiCipher {
  const masters = Array.isArray(master) ? (master as readonly Buffer[]) : [master as Buffer];
  if (masters.length === 0) throw new Error('no PII master key');
  const ring: DerivedKey[] = [];
  for (const m of masters) {
    const k = derive(m);
    if (!ring.some((r) => r.id === k.id)) ring.push(k);
  }
  const current = ring[0]!;
  const byId = new Map(ring.map((k) => [k.id, k]));
  const hashWith = (k: DerivedKey, value: string) =>
    createHmac('sha256', k.mac).update(value.toUpperCase()).digest('base64url');
  return {
    keyId: current.id,
    keyIds: ring.map((k) => k.id),
    encrypt(plain) {
      const iv = Buffer.from(randomFrom(12)); // a copy: it is concatenated after the cipher ran
      const c = createCipheriv('aes-256-gcm', current.enc, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `v2.${current.id}.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
    },
    decrypt(sealed) {
      if (sealed.startsWith('v2.')) {
        const id = sealed.slice(3, 11);
        const k = byId.get(id);
        if (!k) throw new Error(`personal data sealed under key ${id}, which is not loaded`);
        return open(k.enc, Buffer.from(sealed.slice(12), 'base64url'));
      }
      const raw = Buffer.from(sealed.slice(3), 'base64url');
      let last: unknown;
      for (const k of ring) {
        try {
          return open(k.enc, raw);
        } catch (err) {
          last = err;
        }
      }
      throw last as Error;
    },
    lookupHash(value) {
      return hashWith(current, value);
    },
    lookupHashes(value) {
      return ring.map((k) => hashWith(k, value));
    },
    keyIdOf(sealed) {
      return sealed.startsWith('v2.') ? sealed.slice(3, 11) : null;
    },
    videoKeys() {
      return {
        current: { id: current.id, key: current.video },
        byId: new Map(ring.map((k) => [k.id, k.video])),
        legacy: ring.map((k) => k.legacyVideo),
      };
    },
  };
}

function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const buf = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (buf.length !== 32) throw new Error(`${where}: a PII key is 32 bytes, as 64 hex digits or base64`);
  return buf;
}

/**
 * The keys of a key file: one per line, the current one first, older ones after it (kept while
 * `rotate-key` moves their data); blank lines and lines starting with # are ignored. A file that
 * group or others may read is refused: it unlocks every resident's record.
 */
export function readPiiKeyFile(file: string): Buffer[] {
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new Error(
      `the PII key file ${file} is readable by others (mode ${mode.toString(8).padStart(4, '0')}): run chmod 600 ${file}`,
    );
  }
  const keys = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l, i) => parseKey(l, `${file} line ${i + 1}`));
  if (keys.length === 0) throw new Error(`the PII key file ${file} holds no key`);
  return keys;
}

export interface PiiKeySource {
  /** --pii-key-file: wins over the environment. */
  keyFile?: string;
  /** The data folder's pii.key: the default, created there in demo mode. */
  defaultFile: string;
  demo: boolean;
}

/**
 * The key ring: --pii-key-file, else DOORSTEP_PII_KEY_FILE, else DOORSTEP_PII_KEY (one key, hex or
 * base64), else the data folder's pii.key; that one is created only in demo mode.
 */
export function loadPiiKeys(src: PiiKeySource, env = process.env): Buffer[] {
  const file = src.keyFile ?? env.DOORSTEP_PII_KEY_FILE;
  if (file) return readPiiKeyFile(file);
  if (env.DOORSTEP_PII_KEY) return [parseKey(env.DOORSTEP_PII_KEY, 'DOORSTEP_PII_KEY')];
  if (existsSync(src.defaultFile)) return readPiiKeyFile(src.defaultFile);
  if (!src.demo) {
    throw new Error(
      `no PII key: pass --pii-key-file FILE (or set DOORSTEP_PII_KEY_FILE), kept outside the data folder, holding 32 random bytes as 64 hex digits (openssl rand -hex 32), mode 0600`,
    );
  }
  const key = randomBytes(32);
  mkdirSync(dirname(src.defaultFile), { recursive: true });
  writeFileSync(src.defaultFile, `${key.toString('hex')}\n`, { mode: 0o600 });
  return [key];
}

/** The current master key (first of the ring); see loadPiiKeys. */
export function loadPiiKey(keyFile: string, demo: boolean, env = process.env): Buffer {
  return loadPiiKeys({ defaultFile: keyFile, demo }, env)[0]!;
}
