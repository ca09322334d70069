import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DoorstepError } from '../../contract/errors';
import { signatureValid } from '../../contract/update-rules';
import { type Release, packagePathOf } from '../../contract/updates';
import type { Ctx, Principal } from '../services/context';
import { type UpdateOptions, insertRelease, releaseExists } from './service';

// Kiosk packages uploaded to central (issue 14): an admin sends the .deb, central streams it to
// <data>/releases computing its sha512 on the way (never the whole package in memory), keeps it only
// when the district key signed (version, sha512), and serves it to enrolled kiosks with Range
// support (a download cut at 80 % resumes). The kiosk verifies everything again with its pinned key.

export const DEFAULT_MAX_PACKAGE_BYTES = 512 * 1024 * 1024;

const fileOf = (dir: string, version: string) => join(dir, `doorstep-kiosk_${version}.deb`);

export async function storeUploadedPackage(
  ctx: Ctx,
  p: Principal,
  opts: UpdateOptions,
  upload: { version: string; signature: string; notes?: string; declaredBytes?: number },
  body: Readable,
): Promise<Release> {
  const { districtKey, releasesDir } = opts;
  if (!districtKey || !releasesDir) {
    throw new DoorstepError(
      'UNAVAILABLE',
      districtKey
        ? 'this central keeps no uploaded packages (no data folder)'
        : 'no district update key is configured (DOORSTEP_UPDATE_PUBLIC_KEY)',
    );
  }
  const max = opts.maxPackageBytes ?? DEFAULT_MAX_PACKAGE_BYTES;
  // Refused before a byte is stored: an existing version, or a Content-Length over the limit.
  if (await releaseExists(ctx, upload.version)) {
    throw new DoorstepError('CONFLICT', `release ${upload.version} already exists`);
  }
  if (upload.declaredBytes !== undefined && upload.declaredBytes > max) {
    throw new DoorstepError('PAYLOAD_TOO_LARGE', `a package may be at most ${max} bytes`);
  }
  mkdirSync(releasesDir, { recursive: true, mode: 0o700 });
  const part = join(releasesDir, `.upload-${randomUUID()}.part`);
  const hash = createHash('sha512');
  let bytes = 0;
  try {
    await pipeline(
      body,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          if (bytes > max)
            throw new DoorstepError('PAYLOAD_TOO_LARGE', `a package may be at most ${max} bytes`);
          hash.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(part, { mode: 0o600 }),
    );
    if (bytes === 0) {
      throw new DoorstepError('VALIDATION_FAILED', 'the upload is empty: send the .deb as the body', [
        { path: '(body)', message: 'empty' },
      ]);
    }
    const sha512 = hash.digest('hex');
    if (!(await signatureValid(districtKey, upload.version, sha512, upload.signature))) {
      throw new DoorstepError(
        'VALIDATION_FAILED',
        'the signature is not the district key’s signature of this version and these bytes',
        [{ path: 'signature', message: 'does not verify against the district key for this file' }],
      );
    }
    const file = fileOf(releasesDir, upload.version);
    renameSync(part, file);
    try {
      return await insertRelease(ctx, p, {
        version: upload.version,
        url: packagePathOf(upload.version),
        sha512,
        signature: upload.signature,
        notes: upload.notes,
      });
    } catch (err) {
      // Lost a race with another upload of the same version: that one's file stays, not ours.
      if (!(err instanceof DoorstepError && err.code === 'CONFLICT')) rmSync(file, { force: true });
      throw err;
    }
  } finally {
    rmSync(part, { force: true });
  }
}

export interface PackageFile {
  file: string;
  size: number;
}

/** The stored package of an uploaded release, or 404. */
export async function packageFileOf(ctx: Ctx, opts: UpdateOptions, version: string): Promise<PackageFile> {
  const missing = () => new DoorstepError('NOT_FOUND', `no package of release ${version} is stored here`);
  if (!opts.releasesDir) throw missing();
  const row = await ctx.db.get<{ url: string }>('SELECT url FROM update_releases WHERE version = ?', [
    version,
  ]);
  if (!row || row.url !== packagePathOf(version)) throw missing();
  const file = fileOf(opts.releasesDir, version);
  try {
    return { file, size: statSync(file).size };
  } catch {
    throw missing();
  }
}

/**
 * One byte range of `bytes=a-b`, `bytes=a-` or `bytes=-n` (the suffix), or 'all' (no or another kind
 * of Range: the whole file), or null when it cannot be satisfied (416).
 */
export function rangeOf(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'all' | null {
  if (!header) return 'all';
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'all';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return null;
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}

export function packageStream(file: string, range?: { start: number; end: number }): Readable {
  return createReadStream(file, range);
}
