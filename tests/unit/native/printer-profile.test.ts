import iconv from 'iconv-lite';
import jsQR from 'jsqr';
import { afterEach, describe, expect, it } from 'vitest';
import { cutCommand, encodeText, qrRaster, setReplacementListener } from '../../../native/printer/escpos';
import { chooseProfile, describeCapabilities, describeProfile } from '../../../native/printer/profile';
import { jobDots } from '../../../native/printer/print-time';
import { StatusStream } from '../../../native/printer/status';
import type { PrinterCapabilities } from '../../../contract/device';

// Printer profiles (issue 17): code pages, raster QR, cut variants, the profile chosen from what the
// printer tells, and the GS I reply in the status stream.

/** True when the bytes hold a GB18030 4-byte sequence (lead 81-FE, second byte 30-39). */
function hasFourByte(b: Buffer): boolean {
  for (let i = 0; i + 1 < b.length; i++) {
    if (b[i]! >= 0x81 && b[i + 1]! >= 0x30 && b[i + 1]! <= 0x39) return true;
    if (b[i]! >= 0x81) i++; // skip the trail byte of a 2-byte character
  }
  return false;
}

const CAPS: PrinterCapabilities = {
  transport: 'serial',
  bidirectional: true,
  realtime: [1, 2, 3, 4],
  transmitStatus: false,
  asb: false,
  completion: 'realtime_poll',
};

describe('printer profiles', () => {
  afterEach(() => setReplacementListener(undefined));

  it('a GBK-only code page replaces characters outside GBK with □ and reports their code points', () => {
    const seen: string[] = [];
    setReplacementListener((cp, page) => seen.push(`${page} U+${cp.toString(16).toUpperCase()}`));
    const text = '张𠀀 㛃 喆 A1';
    expect(hasFourByte(encodeText(text, 'gb18030'))).toBe(true);
    const gbk = encodeText(text, 'gbk');
    expect(hasFourByte(gbk)).toBe(false);
    expect(iconv.decode(gbk, 'gbk')).toBe('张□ □ 喆 A1');
    expect(seen).toEqual(['gbk U+20000', 'gbk U+36C3']);
    // GB2312 lacks 喆 (GBK lead byte 0x86) as well.
    expect(iconv.decode(encodeText(text, 'gb2312'), 'gbk')).toBe('张□ □ □ A1');
  });

  it('a raster QR image decodes back to its text', () => {
    const url = 'https://doorstep.example/t/8f3a2c';
    const bytes = Buffer.from(qrRaster(url, 4, 'M'));
    expect([...bytes.subarray(0, 4)]).toEqual([0x1d, 0x76, 0x30, 0x00]);
    const rowBytes = bytes[4]! + bytes[5]! * 256;
    const h = bytes[6]! + bytes[7]! * 256;
    const w = rowBytes * 8;
    const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        if (bytes[8 + y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7)))
          rgba.fill(0, (y * w + x) * 4, (y * w + x) * 4 + 3);
    expect(jsQR(rgba, w, h)?.data).toBe(url);
    expect(jobDots(bytes)).toBe(h);
    // Never a DLE EOT sequence inside the image: printers execute it even there.
    for (const size of [3, 5, 7])
      expect(Buffer.from(qrRaster(url, size)).includes(Buffer.from([0x10, 0x04]))).toBe(false);
  });

  it('cut variants: GS V 0, 1, 65 n, 66 n', () => {
    expect(cutCommand('gs_v_0').slice(-3)).toEqual([0x1d, 0x56, 0x00]);
    expect(cutCommand('gs_v_1').slice(-3)).toEqual([0x1d, 0x56, 0x01]);
    expect(cutCommand('gs_v_65', 64)).toEqual([0x1d, 0x56, 0x41, 64]);
    expect(cutCommand('gs_v_66', 64)).toEqual([0x1d, 0x56, 0x42, 64]);
  });

  it('is chosen from the maker the printer names, else the default, with the technician on top', () => {
    expect(chooseProfile({ ...CAPS, maker: 'Gprinter' })).toMatchObject({
      family: 'gbk-80',
      codePage: 'gbk',
      source: 'detected',
    });
    expect(chooseProfile(CAPS)).toMatchObject({ family: 'gb18030-80', source: 'default' });
    expect(chooseProfile({ ...CAPS, maker: 'Gprinter' }, { family: 'gbk-raster-58' })).toMatchObject({
      family: 'gbk-raster-58',
      paperWidth: '58mm',
      qrMode: 'raster',
      source: 'technician',
    });
    expect(chooseProfile(CAPS, { paperWidth: '58mm' })).toMatchObject({
      family: 'gb18030-80',
      paperWidth: '58mm',
      source: 'technician',
    });
    expect(describeProfile(chooseProfile(CAPS))).toBe(
      'gb18030-80 (default): 80mm, GB18030, QR by GS ( k, cut GS V 66, 200 mm/s',
    );
    expect(describeCapabilities(CAPS)).toBe(
      'serial, two-way, DLE EOT 1,2,3,4, no GS r 1, no ASB; end of job by DLE EOT after the computed print time',
    );
  });

  it('reads a GS I text reply between status bytes without taking its letters for GS r replies', () => {
    const s = new StatusStream();
    const events = s.push(Buffer.from([0x12, 0x5f, ...Buffer.from('EPSON'), 0x00, 0x00, 0x10, 0, 0, 0]));
    expect(events).toEqual([
      { kind: 'realtime', byte: 0x12 },
      { kind: 'info', text: 'EPSON' },
      { kind: 'transmit', byte: 0 },
      { kind: 'asb', bytes: Buffer.from([0x10, 0, 0, 0]) },
    ]);
  });
});
