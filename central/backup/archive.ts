import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  openSync,
  readSync,
  statSync,
} from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

// The backup file: one line of magic, one line of JSON manifest, then the database image encrypted with
// AES-256-GCM under the backup key (never the PII key: a stolen backup and a stolen key file must not
// both be needed for the same disk). The manifest is authenticated (GCM additional data), the image
// carries its SHA-256 in the manifest, so a changed byte anywhere is refused before anything is restored.

const MAGIC = 'DOORSTEP-BACKUP 1\n';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const BackupManifest = z.object({
  format: z.literal(1),
  /** sqlite: the database file (online backup API); postgres: a pg_dump custom-format archive. */
  kind: z.enum(['sqlite', 'postgres']),
  /** The schema migration the database was at. */
  schemaVersion: z.number().int().nonnegative(),
  appVersion: z.string(),
  createdAt: z.string(),
  /** SHA-256 (hex) of the unencrypted image. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  /** Which backup key encrypted it (first 8 bytes of the key's SHA-256), to say which key a restore needs. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  counts: z.record(z.string(), z.number().int().nonnegative()),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export class BackupError extends Error {
  constructor(
    message: string,
    readonly code:
      | 'BACKUP_TAMPERED'
      | 'BACKUP_WRONG_KEY'
      | 'BACKUP_FROM_NEWER_SCHEMA'
      | 'BACKUP_INVALID'
      | 'TARGET_NOT_EMPTY',
  ) {
    super(message);
  }
}

export const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);

/** SHA-256 and size of a file, streamed. */
export async function digestFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  await pipeline(createReadStream(file), async function* (src: AsyncIterable<Buffer>) {
    for await (const chunk of src) {
      h.update(chunk);
      bytes += chunk.length;
    }
    yield* [];
  });
  return { sha256: h.digest('hex'), bytes };
}

/** Encrypts `image` into `out` with the manifest in front. */
export async function writeArchive(
  image: string,
  out: string,
  key: Buffer,
  manifest: Omit<BackupManifest, 'sha256' | 'bytes' | 'keyId' | 'format'>,
): Promise<BackupManifest> {
  const full: BackupManifest = { format: 1, ...manifest, ...(await digestFile(image)), keyId: keyIdOf(key) };
  const header = `${MAGIC}${JSON.stringify(full)}\n`;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(header));
  const sink = createWriteStream(out, { mode: 0o600 });
  sink.write(header);
  sink.write(iv);
  await pipeline(createReadStream(image), cipher, sink, { end: false });
  await new Promise<void>((resolve, reject) => {
    sink.end(cipher.getAuthTag(), () => resolve());
    sink.once('error', reject);
  });
  return full;
}

/** The manifest of a backup file, without decrypting it. */
export function readManifest(file: string): { manifest: BackupManifest; headerBytes: number } {
  if (!existsSync(file))
    throw new BackupError(`${file} does not exist: check the path given to --from`, 'BACKUP_INVALID');
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    if (!text.startsWith(MAGIC)) throw new BackupError(`${file} is not a Doorstep backup`, 'BACKUP_INVALID');
    const end = text.indexOf('\n', MAGIC.length);
    if (end < 0) throw new BackupError(`${file}: the manifest is cut off`, 'BACKUP_INVALID');
    const parsed = BackupManifest.safeParse(JSON.parse(text.slice(MAGIC.length, end)));
    if (!parsed.success) throw new BackupError(`${file}: the manifest is damaged`, 'BACKUP_TAMPERED');
    return { manifest: parsed.data, headerBytes: Buffer.byteLength(text.slice(0, end + 1)) };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file}: the manifest is damaged (${(err as Error).message})`, 'BACKUP_TAMPERED');
  } finally {
    closeSync(fd);
  }
}

/** Decrypts and verifies a backup into `image`; throws BackupError when anything does not match. */
export async function readArchive(file: string, key: Buffer, image: string): Promise<BackupManifest> {
  const { manifest, headerBytes } = readManifest(file);
  if (manifest.keyId !== keyIdOf(key))
    throw new BackupError(
      `this backup was made with backup key ${manifest.keyId}, not the key given (${keyIdOf(key)})`,
      'BACKUP_WRONG_KEY',
    );
  const size = statSync(file).size;
  const tagAt = size - TAG_BYTES;
  if (tagAt < headerBytes + IV_BYTES) throw new BackupError(`${file} is cut off`, 'BACKUP_TAMPERED');
  const fd = openSync(file, 'r');
  const iv = Buffer.alloc(IV_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  readSync(fd, iv, 0, IV_BYTES, headerBytes);
  readSync(fd, tag, 0, TAG_BYTES, tagAt);
  const header = Buffer.alloc(headerBytes);
  readSync(fd, header, 0, headerBytes, 0);
  closeSync(fd);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(header);
  decipher.setAuthTag(tag);
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      createReadStream(file, { start: headerBytes + IV_BYTES, end: tagAt - 1 }),
      decipher,
      tap,
      createWriteStream(image, { mode: 0o600 }),
    );
  } catch {
    throw new BackupError(`${file} was changed or damaged after it was made: refused`, 'BACKUP_TAMPERED');
  }
  if (hash.digest('hex') !== manifest.sha256)
    throw new BackupError(`${file}: the checksum does not match: refused`, 'BACKUP_TAMPERED');
  return manifest;
}
