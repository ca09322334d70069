import iconv from 'iconv-lite';

// ESC/POS command bytes (hardware.md 2.1-2.3; python-escpos constants.py, ReceiptPrinterEncoder
// esc-pos.js, receiptline.js). Written by hand because the encoder libraries we checked either lack
// double-byte code pages (receipt-printer-encoder) or draw QR codes as raster images (receiptline).

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export const cmd = {
  init: [ESC, 0x40], // ESC @
  codeTable0: [ESC, 0x74, 0x00], // ESC t 0, sent before FS & (receiptline)
  chineseOn: [FS, 0x26], // FS &
  chineseOff: [FS, 0x2e], // FS .
  asbOff: [GS, 0x61, 0x00], // GS a 0: no automatic status back (receiptline open())
  bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
  align: (a: Align) => [ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2],
  /** GS ! n: high nibble = width−1, low nibble = height−1. */
  size: (w: number, h: number) => [GS, 0x21, ((clamp(w, 1, 8) - 1) << 4) | (clamp(h, 1, 8) - 1)],
  feed: (n: number) => [ESC, 0x64, clamp(n, 0, 255)],
  /** GS V 66 n: feed n dots then partial cut (python-escpos; NCR 7168 manual). */
  feedAndCut: (n: number) => [GS, 0x56, 0x42, clamp(n, 0, 255)],
  /** DLE EOT n, real-time status, n = 1..4 (hardware.md 2.5). */
  status: (n: 1 | 2 | 3 | 4) => [DLE, EOT, n],
  /** GS r 1: paper sensor status, answered in sequence once the data before it is processed. */
  transmitStatus: [GS, 0x72, 0x01],
} as const;

export type Align = 'left' | 'center' | 'right';
export type QrEcc = 'L' | 'M' | 'Q' | 'H';

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(n)));
}

/** GB18030 bytes for Chinese mode (hardware.md 2.2, iconv-lite). */
export function encodeText(text: string): Buffer {
  return iconv.encode(text, 'gb18030');
}

/** Columns a string takes on paper: CJK and other wide characters count 2 (receiptline). */
export function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += (ch.codePointAt(0) ?? 0) > 0x2e7f ? 2 : 1;
  return n;
}

/** QR code by GS ( k, function 165/167/169/180/181 (hardware.md 2.3). Keep the payload ASCII. */
export function qrCommands(data: string, moduleSize = 6, ecc: QrEcc = 'M'): number[] {
  const payload = Buffer.from(data, 'latin1');
  const k = payload.length + 3;
  const lv = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 }[ecc];
  return [
    ...[GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00], // model 2
    ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, clamp(moduleSize, 1, 16)],
    ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, lv],
    ...[GS, 0x28, 0x6b, k & 0xff, k >> 8, 0x31, 0x50, 0x30, ...payload],
    ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30], // print
  ];
}
