import iconv from 'iconv-lite';
import QRCode from 'qrcode';
import type { CodePage, CutVariant, QrMode } from '../../contract/device';

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

/** Told of every character a code page cannot hold (code point only: names never reach a log). */
export type ReplacementListener = (codePoint: number, codePage: CodePage) => void;
let onReplaced: ReplacementListener | undefined;

/** Where replaced characters are reported (the host sets its log here once). */
export function setReplacementListener(listener: ReplacementListener | undefined): void {
  onReplaced = listener;
}

/** Printed in place of a character the printer's code page lacks: in GB2312 and GBK both. */
export const REPLACEMENT = '□';

/** One character's bytes in a 2-byte code page, or null when the page lacks it. */
function twoByte(ch: string, codePage: 'gbk' | 'gb2312'): Buffer | null {
  const enc = iconv.encode(ch, 'gbk');
  if (iconv.decode(enc, 'gbk') !== ch) return null; // iconv-lite writes '?' for what GBK lacks
  if (enc.length === 1) return enc;
  // GB2312 is the EUC-CN area of GBK: both bytes in A1..FE, lead byte at most F7.
  if (codePage === 'gb2312' && !(enc[0]! >= 0xa1 && enc[0]! <= 0xf7 && enc[1]! >= 0xa1)) return null;
  return enc;
}

/**
 * Text bytes for Chinese mode (hardware.md 2.2, iconv-lite). GB18030 printers take every character;
 * a GBK- or GB2312-only printer would print garbage for a 4-byte GB18030 sequence, so a character it
 * lacks is replaced with □ and reported, never sent.
 */
export function encodeText(text: string, codePage: CodePage = 'gb18030'): Buffer {
  if (codePage === 'gb18030') return iconv.encode(text, 'gb18030');
  const parts: Buffer[] = [];
  for (const ch of text) {
    const enc = twoByte(ch, codePage);
    if (enc) parts.push(enc);
    else {
      onReplaced?.(ch.codePointAt(0) ?? 0, codePage);
      parts.push(iconv.encode(REPLACEMENT, 'gbk'));
    }
  }
  return Buffer.concat(parts);
}

/** GS V m for the profile's cut variant; the feed variants feed `feedDots` first (hardware.md 2.1). */
export function cutCommand(variant: CutVariant = 'gs_v_66', feedDots = 64): number[] {
  if (variant === 'gs_v_0') return [...cmd.feed(3), GS, 0x56, 0x00];
  if (variant === 'gs_v_1') return [...cmd.feed(3), GS, 0x56, 0x01];
  return [GS, 0x56, variant === 'gs_v_65' ? 0x41 : 0x42, clamp(feedDots, 0, 255)];
}

/**
 * A QR code as a raster bit image, GS v 0 (for printers without GS ( k, as receiptline draws it):
 * black modules of `moduleSize` dots with a 4-module quiet zone, one bit a dot, MSB left.
 */
export function qrRaster(data: string, requestedModule = 6, ecc: QrEcc = 'M'): number[] {
  // Modules of 4 or 8 dots on a byte-aligned grid make every image byte 00, 0F, F0 or FF: never
  // DLE EOT (10 04 n), which many printers execute even inside image data (hardware.md 2.5).
  const moduleSize = requestedModule >= 6 ? 8 : 4;
  const m = QRCode.create(data || ' ', { errorCorrectionLevel: ecc }).modules;
  const dots = (m.size + 8) * moduleSize;
  const rowBytes = Math.ceil(dots / 8);
  const img = Buffer.alloc(rowBytes * dots);
  for (let y = 0; y < dots; y++) {
    const r = Math.floor(y / moduleSize) - 4;
    for (let x = 0; x < dots; x++) {
      const c = Math.floor(x / moduleSize) - 4;
      if (r >= 0 && c >= 0 && r < m.size && c < m.size && m.get(r, c))
        img[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return [GS, 0x76, 0x30, 0x00, rowBytes & 0xff, rowBytes >> 8, dots & 0xff, dots >> 8, ...img];
}

/** The QR code in the way the profile's printer draws it. */
export function qrBytes(data: string, moduleSize: number, ecc: QrEcc, mode: QrMode = 'gs_k'): number[] {
  return mode === 'raster' ? qrRaster(data, moduleSize, ecc) : qrCommands(data, moduleSize, ecc);
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
