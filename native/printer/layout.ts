import type { CodePage, CutVariant, PaperWidth, QrMode } from '../../contract/device';
import { cmd, columns, cutCommand, encodeText, qrBytes, type Align, type QrEcc } from './escpos';

// A ticket layout builder: text in GB18030 with sizes, bold and alignment, rules, QR codes, feed and
// cut, for 58 mm (32 columns, 384 dots) and 80 mm (48 columns, 576 dots) paper.

export interface PaperProfile {
  width: PaperWidth;
  /** Columns of the 12×24 font A at size 1 (receiptline: 32 on 58 mm, 48 on 80 mm). */
  columns: number;
  dots: number;
  qrModule: number;
  /** The printer profile's (issue 17, native/printer/profile.ts); absent = GB18030, GS ( k, GS V 66. */
  codePage?: CodePage;
  qrMode?: QrMode;
  cut?: CutVariant;
}

export const PROFILES: Record<PaperWidth, PaperProfile> = {
  '58mm': { width: '58mm', columns: 32, dots: 384, qrModule: 5 },
  '80mm': { width: '80mm', columns: 48, dots: 576, qrModule: 7 },
};

export interface TextStyle {
  align?: Align;
  bold?: boolean;
  /** Character magnification 1..8 for width and height. */
  size?: number;
}

export class TicketBuilder {
  private readonly parts: number[][] = [];

  constructor(readonly profile: PaperProfile = PROFILES['80mm']) {
    // ESC @ resets styles; FS & after it because some models leave Chinese mode on ESC @ (hardware.md 2.1).
    this.parts.push([...cmd.init, ...cmd.codeTable0, ...cmd.chineseOn]);
  }

  /** One or more lines of text, wrapped to the paper width at the given size. */
  text(text: string, style: TextStyle = {}): this {
    const size = style.size ?? 1;
    this.parts.push([
      ...cmd.align(style.align ?? 'left'),
      ...cmd.bold(!!style.bold),
      ...cmd.size(size, size),
    ]);
    for (const line of wrap(text, Math.floor(this.profile.columns / size))) {
      this.parts.push([...encodeText(line, this.profile.codePage), 0x0a]);
    }
    this.parts.push([...cmd.size(1, 1), ...cmd.bold(false), ...cmd.align('left')]);
    return this;
  }

  /** One thing in both languages: on one line when it fits, else Chinese then English on lines of
   * their own, so a line never breaks between "Doorstep" and "Station" of a half-English line. */
  bi(zh: string, en: string, style: TextStyle = {}): this {
    const width = Math.floor(this.profile.columns / (style.size ?? 1));
    if (columns(`${zh} ${en}`) <= width) return this.text(`${zh} ${en}`, style);
    return this.text(zh, style).text(en, style);
  }

  /** Text that breaks between sentences when it does not fit one line ("…no personal data." /
   * "Please keep it." rather than "…Please keep" / "it."). */
  sentences(text: string, style: TextStyle = {}): this {
    const width = Math.floor(this.profile.columns / (style.size ?? 1));
    if (columns(text) <= width) return this.text(text, style);
    for (const s of text.split(/(?<=[.;。；，,])\s*/).filter(Boolean)) this.text(s, style);
    return this;
  }

  /** The largest size at which `text` fits one line (8, the printer's largest, for a ticket number). */
  largest(text: string): number {
    return Math.max(1, Math.min(8, Math.floor(this.profile.columns / Math.max(1, columns(text)))));
  }

  /** A label on the left and a value on the right of one line, when both fit; else two lines. */
  pair(label: string, value: string): this {
    const gap = this.profile.columns - columns(label) - columns(value);
    if (gap >= 1) return this.text(label + ' '.repeat(gap) + value);
    return this.text(label).text(value, { align: 'right' });
  }

  rule(char = '-'): this {
    return this.text(char.repeat(this.profile.columns));
  }

  qr(data: string, ecc: QrEcc = 'M'): this {
    this.parts.push([
      ...cmd.align('center'),
      ...qrBytes(data, this.profile.qrModule, ecc, this.profile.qrMode),
      0x0a,
    ]);
    this.parts.push([...cmd.align('left')]);
    return this;
  }

  feed(lines = 1): this {
    this.parts.push([...cmd.feed(lines)]);
    return this;
  }

  /** Feeds past the cutter and cuts (partial cut keeps the ticket from dropping). */
  cut(): this {
    this.parts.push(cutCommand(this.profile.cut, 64));
    return this;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts.map((p) => Buffer.from(p)));
  }
}

/** Wraps text to `width` columns, counting wide characters as 2, breaking Latin text at spaces. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    // Tokens: a CJK character alone, or a run of non-space narrow characters, or spaces.
    const tokens = para.match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+/g) ?? [''];
    let line = '';
    for (const tok of tokens) {
      if (columns(line + tok) <= width) {
        line += tok;
        continue;
      }
      if (line.trim()) out.push(line.trimEnd());
      line = /^\s+$/.test(tok) ? '' : tok;
      // A single word longer than the line is cut hard.
      while (columns(line) > width) {
        let cut = '';
        for (const ch of line) {
          if (columns(cut + ch) > width) break;
          cut += ch;
        }
        out.push(cut);
        line = line.slice(cut.length);
      }
    }
    out.push(line.trimEnd());
  }
  return out;
}
