import { DeviceError } from '../errors';
import { TEXT_BLOCK_BYTES } from './text-block';

// The data of a read-basic-info reply (hardware.md 1.6): after SW3 come the text length and photo
// length (big-endian; plus the fingerprint length for 30 10), then the blocks in that order.
// Sources: guocihong (mid(14,256), mid(270,1024)), cdGH/Ids SAMSerial.cs, roc-cn IDCarderReader.java
// (whose `b[10] << 8 + b[11]` precedence bug we do not copy).

export const CMD_READ_BASE = [0x30, 0x01] as const;
export const CMD_READ_WITH_FINGERPRINT = [0x30, 0x10] as const;
export const PHOTO_BYTES = 1024;

export interface CardBlocks {
  text: Buffer;
  /** The WLT photo block as received; decode it with a PhotoDecoder plug-in. */
  photo: Buffer;
  fingerprint?: Buffer;
}

export function parseReadData(
  data: Buffer,
  withFingerprint: boolean,
): { ok: true; blocks: CardBlocks } | { ok: false; error: DeviceError } {
  const head = withFingerprint ? 6 : 4;
  if (data.length < head)
    return { ok: false, error: new DeviceError('DEVICE_BAD_REPLY', 'read reply too short') };
  const textLen = data.readUInt16BE(0);
  const photoLen = data.readUInt16BE(2);
  const fpLen = withFingerprint ? data.readUInt16BE(4) : 0;
  if (textLen !== TEXT_BLOCK_BYTES) {
    return { ok: false, error: new DeviceError('DEVICE_BAD_REPLY', `text length ${textLen}, expected 256`) };
  }
  if (head + textLen + photoLen + fpLen !== data.length) {
    return {
      ok: false,
      error: new DeviceError('DEVICE_BAD_REPLY', 'block lengths do not add up to the frame'),
    };
  }
  const text = Buffer.from(data.subarray(head, head + textLen));
  const photo = Buffer.from(data.subarray(head + textLen, head + textLen + photoLen));
  const blocks: CardBlocks = { text, photo };
  if (withFingerprint) blocks.fingerprint = Buffer.from(data.subarray(head + textLen + photoLen));
  return { ok: true, blocks };
}

/** The same data as a simulator sends it. */
export function buildReadData(blocks: CardBlocks): Buffer {
  const lens = [blocks.text.length, blocks.photo.length];
  if (blocks.fingerprint) lens.push(blocks.fingerprint.length);
  const head = Buffer.alloc(lens.length * 2);
  lens.forEach((l, i) => head.writeUInt16BE(l, i * 2));
  return Buffer.concat([
    head,
    blocks.text,
    blocks.photo,
    ...(blocks.fingerprint ? [blocks.fingerprint] : []),
  ]);
}

/**
 * Plug-in point for WLT photo decoding. The WLT format is proprietary and needs the vendor's licensed
 * library (hardware.md 1.10: hxgc_Wlt2Bmp, ZKTeco WLTService); we ship none. A host that has one wraps
 * it (native addon or child process) in this interface and passes it to the reader.
 */
export interface PhotoDecoder {
  /** Returns the decoded image (e.g. a 102×126 BMP) and its MIME type. */
  decode(wlt: Buffer): Promise<{ image: Buffer; mime: string }>;
}
