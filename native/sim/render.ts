import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import type { Ticket } from './escpos-interpreter';

// Draws a ticket as the person holds it: a PNG at the printer's 8 dots/mm, text in a CJK font from
// Debian's fonts-noto-cjk, QR codes drawn from the stored GS ( k data with the qrcode package.

const REGULAR = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const BOLD = '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';
const FAMILY = 'DoorstepTicket';
const LINE = 30; // dots per line at size 1: 24-dot font plus spacing
const MARGIN = 8;

let fontReady = false;

/** Registers the CJK font once; a clear error when the machine has none. */
export function ensureCjkFont(): void {
  if (fontReady) return;
  let regular = existsSync(REGULAR) ? REGULAR : undefined;
  if (!regular) {
    try {
      const out = execFileSync('fc-list', [':lang=zh', 'file'], { encoding: 'utf8' });
      regular = out
        .split('\n')
        .map((l) => l.replace(/:\s*$/, '').trim())
        .find(Boolean);
    } catch {
      regular = undefined;
    }
  }
  if (!regular) {
    throw new Error(
      "no CJK font found: install Debian's fonts-noto-cjk (npm run deps:system) to render tickets",
    );
  }
  GlobalFonts.registerFromPath(regular, FAMILY);
  if (existsSync(BOLD)) GlobalFonts.registerFromPath(BOLD, FAMILY);
  fontReady = true;
}

function heightOf(t: Ticket): number {
  let h = MARGIN * 2;
  for (const e of t.elements) {
    if (e.kind === 'text') h += LINE * e.height;
    else if (e.kind === 'feed') h += Math.min(e.dots, 400);
    else if (e.kind === 'image') h += e.height;
    else h += (QRCode.create(e.data || ' ', { errorCorrectionLevel: e.ecc }).modules.size + 8) * e.moduleSize;
  }
  return h;
}

function drawQr(
  ctx: SKRSContext2D,
  data: string,
  ecc: 'L' | 'M' | 'Q' | 'H',
  module: number,
  x: number,
  y: number,
) {
  const m = QRCode.create(data || ' ', { errorCorrectionLevel: ecc }).modules;
  ctx.fillStyle = '#000';
  for (let r = 0; r < m.size; r++) {
    for (let c = 0; c < m.size; c++)
      if (m.get(r, c)) ctx.fillRect(x + c * module, y + r * module, module, module);
  }
}

/** PNG bytes of the ticket at `dots` wide (576 for 80 mm, 384 for 58 mm). */
export function renderTicket(t: Ticket, dots: number): Buffer {
  ensureCjkFont();
  const canvas = createCanvas(dots, heightOf(t));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  let y = MARGIN;
  for (const e of t.elements) {
    if (e.kind === 'feed') {
      y += Math.min(e.dots, 400);
    } else if (e.kind === 'image') {
      // GS v 0: one bit a dot, MSB left, as the printer's head fires it.
      const w = e.rowBytes * 8;
      const x0 = e.align === 'center' ? Math.floor((dots - w) / 2) : e.align === 'right' ? dots - w : 0;
      const img = ctx.createImageData(w, Math.max(1, e.height));
      for (let r = 0; r < e.height; r++)
        for (let c = 0; c < w; c++) {
          const black = (e.bits[r * e.rowBytes + (c >> 3)]! & (0x80 >> (c & 7))) !== 0;
          const i = (r * w + c) * 4;
          img.data.fill(black ? 0 : 255, i, i + 3);
          img.data[i + 3] = 255;
        }
      if (e.height > 0) ctx.putImageData(img, Math.max(0, x0), y);
      y += e.height;
    } else if (e.kind === 'qr') {
      const size =
        (QRCode.create(e.data || ' ', { errorCorrectionLevel: e.ecc }).modules.size + 8) * e.moduleSize;
      const x = e.align === 'center' ? (dots - size) / 2 : e.align === 'right' ? dots - size : 0;
      drawQr(ctx, e.data, e.ecc, e.moduleSize, x + 4 * e.moduleSize, y + 4 * e.moduleSize);
      y += size;
    } else {
      ctx.save();
      ctx.font = `${e.bold ? 'bold ' : ''}24px ${FAMILY}`;
      ctx.textBaseline = 'top';
      ctx.fillStyle = '#000';
      // Printer fonts are fixed cells: 12 dots for ASCII, 24 for CJK (font A), times the width factor.
      const cells = [...e.text].map((ch) => ((ch.codePointAt(0) ?? 0) > 0x2e7f ? 24 : 12) * e.width);
      const w = cells.reduce((a, b) => a + b, 0);
      let x = e.align === 'center' ? (dots - w) / 2 : e.align === 'right' ? dots - w : 0;
      [...e.text].forEach((ch, i) => {
        ctx.save();
        ctx.translate(Math.max(0, x), y + 2);
        ctx.scale(e.width, e.height);
        ctx.fillText(ch, 0, 0, cells[i]! / e.width);
        ctx.restore();
        x += cells[i]!;
      });
      ctx.restore();
      y += LINE * e.height;
    }
  }
  return canvas.toBuffer('image/png');
}
