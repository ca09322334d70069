// Image bytes for upload tests: the headers central checks (magic bytes, the size in the PNG's
// IHDR or the JPEG's start-of-frame) followed by any payload.

/** A PNG signature and IHDR chunk of the given size, then `payload`. */
export function pngBytes(width: number, height: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 6, 0, 0, 0], 16); // 8-bit RGBA; the CRC (21..24) is not checked
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, payload]);
}

/** A JPEG start (SOI, a JFIF APP0 segment, a baseline SOF0 of the given size), then `payload`. */
export function jpegBytes(width: number, height: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.alloc(19);
  sof.set([0xff, 0xc0, 0x00, 0x11, 0x08]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  sof.set([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 9);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, payload, Buffer.from([0xff, 0xd9])]);
}
