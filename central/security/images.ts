import type { FieldError } from '../../contract/errors';

// Uploaded images (video case photos and signatures) are checked by their bytes, not by what the
// client declares: the file must start with the magic bytes of the declared type, and its own
// width and height must be the declared ones. A script or HTML page labelled image/jpeg is refused
// before it is stored (it is served with CSP sandbox and nosniff as well, see http/headers.ts).

export type ImageMime = 'image/jpeg' | 'image/png';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface Sniffed {
  mime: ImageMime;
  width: number;
  height: number;
}

/** The PNG's size from its first chunk (IHDR), or null when it is not a PNG. */
function png(b: Buffer): Sniffed | null {
  if (b.length < 24 || !b.subarray(0, 8).equals(PNG_MAGIC) || b.toString('latin1', 12, 16) !== 'IHDR')
    return null;
  return { mime: 'image/png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The JPEG's size from its start-of-frame segment, or null when it is not a JPEG. */
function jpeg(b: Buffer): Sniffed | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null;
  let at = 2;
  // Bounded: each step moves past one segment of at least 2 bytes.
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const len = b.readUInt16BE(at + 2);
    if (len < 2) return null;
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { mime: 'image/jpeg', height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
    }
    if (marker === 0xda || marker === 0xd9) return null; // image data before any frame header
    at += 2 + len;
  }
  return null;
}

export interface DeclaredImage {
  mime: ImageMime;
  width: number;
  height: number;
  dataBase64: string;
}

/** The image's bytes, or the fields that are wrong (for a 400 VALIDATION_FAILED). */
export function checkImage(d: DeclaredImage): { bytes: Buffer } | { fields: FieldError[] } {
  if (!BASE64.test(d.dataBase64) || d.dataBase64.length % 4 !== 0)
    return { fields: [{ path: 'dataBase64', message: 'not base64' }] };
  const bytes = Buffer.from(d.dataBase64, 'base64');
  const seen = png(bytes) ?? jpeg(bytes);
  if (!seen) return { fields: [{ path: 'dataBase64', message: 'not a JPEG or PNG image' }] };
  if (seen.mime !== d.mime)
    return { fields: [{ path: 'mime', message: `declared ${d.mime}, the bytes are ${seen.mime}` }] };
  const fields: FieldError[] = [];
  if (seen.width !== d.width) fields.push({ path: 'width', message: `the image is ${seen.width} wide` });
  if (seen.height !== d.height) fields.push({ path: 'height', message: `the image is ${seen.height} high` });
  return fields.length ? { fields } : { bytes };
}
