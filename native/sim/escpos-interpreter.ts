import iconv from 'iconv-lite';

// Parses the ESC/POS byte stream a printer receives into a ticket model (hardware.md 2.1-2.4): text
// lines with their style, QR codes from GS ( k, feeds and the cut that ends a ticket. Streaming:
// an incomplete command waits for more bytes; unknown commands are recorded, never thrown.

export type Align = 'left' | 'center' | 'right';
export interface TextLine {
  kind: 'text';
  text: string;
  align: Align;
  width: number;
  height: number;
  bold: boolean;
}
export interface QrBlock {
  kind: 'qr';
  data: string;
  moduleSize: number;
  ecc: 'L' | 'M' | 'Q' | 'H';
  align: Align;
}
/** A GS v 0 raster bit image: `rowBytes` bytes a row, MSB = leftmost dot. */
export interface ImageBlock {
  kind: 'image';
  rowBytes: number;
  height: number;
  bits: Buffer;
  align: Align;
}
export type TicketElement = TextLine | QrBlock | ImageBlock | { kind: 'feed'; dots: number };

/** How the simulated printer's firmware behaves (issue 17: printer families). */
export interface InterpreterOptions {
  /** A GBK-only printer prints a 4-byte GB18030 sequence as garbage. Default gb18030. */
  codePage?: 'gb18030' | 'gbk';
  /** False: GS ( k is not understood (the QR must come as a raster image). Default true. */
  qrCommand?: boolean;
}

export interface Ticket {
  elements: TicketElement[];
  cut: 'full' | 'partial';
  /** Commands the interpreter did not know, as hex, for the transcript. */
  unknown: string[];
  /** 4-byte GB18030 sequences a GBK-only printer received (printed as garbage). */
  fourByteSequences?: number;
}

/** What the interpreter asks of its owner, in stream order. */
export type Effect =
  | { kind: 'ticket'; ticket: Ticket }
  | { kind: 'transmitStatus'; n: number }
  | { kind: 'info'; n: number }
  | { kind: 'asb'; n: number }
  | { kind: 'printed'; dots: number };

const NEED_MORE = -1;

export class EscPosInterpreter {
  private chinese = false;
  private align: Align = 'left';
  private bold = false;
  private width = 1;
  private height = 1;
  private line: number[] = [];
  private lineStyle: Omit<TextLine, 'kind' | 'text'> | undefined;
  private qr = { data: Buffer.alloc(0), moduleSize: 3, ecc: 'M' as QrBlock['ecc'] };
  private elements: TicketElement[] = [];
  private unknown: string[] = [];
  private fourByte = 0;

  constructor(private readonly opts: InterpreterOptions = {}) {}

  /** Consumes as many complete commands from `buf` as it can; returns bytes used and effects. */
  step(buf: Buffer): { used: number; effects: Effect[] } {
    const effects: Effect[] = [];
    const n = this.one(buf, effects);
    return { used: n === NEED_MORE ? 0 : n, effects };
  }

  private one(b: Buffer, fx: Effect[]): number {
    if (b.length === 0) return NEED_MORE;
    const c = b[0]!;
    const need = (n: number) => (b.length >= n ? n : NEED_MORE);
    if (c === 0x0a) return (this.printLine(fx), 1);
    if (c === 0x0d) return 1;
    if (c === 0x1b) return this.esc(b, fx, need);
    if (c === 0x1d) return this.gs(b, fx, need);
    if (c === 0x1c) {
      if (b.length < 2) return NEED_MORE;
      if (b[1] === 0x26)
        this.chinese = true; // FS &
      else if (b[1] === 0x2e)
        this.chinese = false; // FS .
      else if (b[1] === 0x53) return need(4);
      else if ([0x21, 0x2d, 0x57, 0x43].includes(b[1]!)) return need(3);
      else this.unknown.push(hex(b.subarray(0, 2)));
      return 2;
    }
    if (c === 0x10) return need(3); // DLE EOT / DLE ENQ: answered at receipt (real-time), skipped here
    if (c < 0x20) return 1;
    this.lineStyle ??= { align: this.align, width: this.width, height: this.height, bold: this.bold };
    this.line.push(c);
    return 1;
  }

  private esc(b: Buffer, fx: Effect[], need: (n: number) => number): number {
    if (b.length < 2) return NEED_MORE;
    const c = String.fromCharCode(b[1]!);
    if (c === '@') {
      this.reset();
      return 2;
    }
    if (c === '2') return 2;
    if (b.length < 3) return NEED_MORE;
    const n = b[2]!;
    if (c === 'E') this.bold = (n & 1) === 1;
    else if (c === 'a') this.align = (['left', 'center', 'right'] as const)[n % 48] ?? 'left';
    else if (c === 'd') this.feed(n * 30, fx);
    else if (c === 'J') this.feed(n, fx);
    else if (c === '!') {
      this.bold = (n & 0x08) !== 0;
      this.width = n & 0x20 ? 2 : 1;
      this.height = n & 0x10 ? 2 : 1;
    } else if (c === '$' || c === 'p') return need(c === 'p' ? 5 : 4);
    else if (c === '*') {
      if (b.length < 5) return NEED_MORE;
      return need(5 + (b[3]! + b[4]! * 256) * (b[2]! < 2 ? 1 : 3));
    } else if (!'tM-3GVRr c'.includes(c)) this.unknown.push(hex(b.subarray(0, 3)));
    return 3;
  }

  private gs(b: Buffer, fx: Effect[], need: (n: number) => number): number {
    if (b.length < 3) return NEED_MORE;
    const c = String.fromCharCode(b[1]!);
    const n = b[2]!;
    if (c === '!') {
      this.width = ((n >> 4) & 7) + 1;
      this.height = (n & 7) + 1;
    } else if (c === 'V') {
      if (n >= 65 && b.length < 4) return NEED_MORE;
      this.cut(n === 0 || n === 48 || n === 65 ? 'full' : 'partial', fx);
      return n >= 65 ? 4 : 3;
    } else if (c === 'r') fx.push({ kind: 'transmitStatus', n });
    else if (c === 'I') fx.push({ kind: 'info', n });
    else if (c === 'a') fx.push({ kind: 'asb', n });
    else if (c === '(') {
      if (b.length < 5) return NEED_MORE;
      const len = 5 + b[3]! + b[4]! * 256;
      if (b.length < len) return NEED_MORE;
      if (n === 0x6b && this.opts.qrCommand === false) {
        if (!this.unknown.includes('GS ( k (QR) not supported'))
          this.unknown.push('GS ( k (QR) not supported');
      } else if (n === 0x6b) this.qrFunction(b.subarray(5, len), fx);
      return len;
    } else if (c === 'k') return this.barcode(b);
    else if (c === 'v') {
      if (b.length < 8) return NEED_MORE;
      const rowBytes = b[4]! + b[5]! * 256;
      const height = b[6]! + b[7]! * 256;
      const len = 8 + rowBytes * height;
      if (b.length < len) return NEED_MORE;
      this.flushLine(fx);
      const bits = Buffer.from(b.subarray(8, len));
      this.elements.push({ kind: 'image', rowBytes, height, bits, align: this.align });
      fx.push({ kind: 'printed', dots: height });
      return len;
    } else if ('LWP$\\'.includes(c)) return need(4);
    else if (!'BhwHfaIbZ'.includes(c)) this.unknown.push(hex(b.subarray(0, 3)));
    return 3;
  }

  private barcode(b: Buffer): number {
    const m = b[2]!;
    this.unknown.push('barcode (not rendered)');
    if (m <= 6) {
      const end = b.indexOf(0, 3);
      return end < 0 ? NEED_MORE : end + 1;
    }
    if (b.length < 4) return NEED_MORE;
    return b.length >= 4 + b[3]! ? 4 + b[3]! : NEED_MORE;
  }

  /** GS ( k, cn 0x31: 0x43 module size, 0x45 ECC level, 0x50 store, 0x51 print (hardware.md 2.3). */
  private qrFunction(p: Buffer, fx: Effect[]): void {
    if (p[0] !== 0x31) return void this.unknown.push(`GS ( k cn=${p[0]}`);
    const fn = p[1];
    if (fn === 0x43) this.qr.moduleSize = p[2] ?? 3;
    else if (fn === 0x45) this.qr.ecc = (['L', 'M', 'Q', 'H'] as const)[(p[2] ?? 0x31) - 0x30] ?? 'M';
    else if (fn === 0x50) this.qr.data = Buffer.from(p.subarray(3));
    else if (fn === 0x51) {
      this.flushLine(fx);
      const q: QrBlock = {
        kind: 'qr',
        data: this.qr.data.toString('latin1'),
        moduleSize: this.qr.moduleSize,
        ecc: this.qr.ecc,
        align: this.align,
      };
      this.elements.push(q);
      fx.push({ kind: 'printed', dots: 30 * this.qr.moduleSize });
    }
  }

  private printLine(fx: Effect[]): void {
    const bytes = Buffer.from(this.line);
    const text = !this.chinese
      ? bytes.toString('latin1')
      : this.opts.codePage === 'gbk'
        ? this.decodeGbkOnly(bytes)
        : iconv.decode(bytes, 'gb18030');
    const style = this.lineStyle ?? {
      align: this.align,
      width: this.width,
      height: this.height,
      bold: this.bold,
    };
    this.elements.push({ kind: 'text', text, ...style, align: this.align });
    fx.push({ kind: 'printed', dots: 30 * style.height });
    this.line = [];
    this.lineStyle = undefined;
  }

  /** What a GBK-only printer makes of GB18030 bytes: a 4-byte sequence comes out as two garbage cells. */
  private decodeGbkOnly(bytes: Buffer): string {
    let out = '';
    let run: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      const next = bytes[i + 1] ?? 0;
      if (b >= 0x81 && b <= 0xfe && next >= 0x30 && next <= 0x39) {
        out += iconv.decode(Buffer.from(run), 'gbk') + '\u00bf\u00bf';
        run = [];
        this.fourByte++;
        i += 3;
      } else run.push(b);
    }
    return out + iconv.decode(Buffer.from(run), 'gbk');
  }

  private flushLine(fx: Effect[]): void {
    if (this.line.length > 0) this.printLine(fx);
  }

  private feed(dots: number, fx: Effect[]): void {
    this.flushLine(fx);
    this.elements.push({ kind: 'feed', dots });
    fx.push({ kind: 'printed', dots });
  }

  private cut(kind: 'full' | 'partial', fx: Effect[]): void {
    this.flushLine(fx);
    const ticket: Ticket = { elements: this.elements, cut: kind, unknown: this.unknown };
    if (this.fourByte > 0) ticket.fourByteSequences = this.fourByte;
    fx.push({ kind: 'ticket', ticket });
    this.elements = [];
    this.unknown = [];
    this.fourByte = 0;
  }

  private reset(): void {
    // Strict: ESC @ leaves Chinese mode here, so a driver that forgets FS & afterwards shows garbage.
    this.chinese = false;
    this.align = 'left';
    this.bold = false;
    this.width = 1;
    this.height = 1;
  }
}

const hex = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

/** The ticket as plain text: what a person reads on it, QR codes as their payload. */
export function transcript(t: Ticket): string {
  const lines = t.elements.map((e) =>
    e.kind === 'text'
      ? e.text
      : e.kind === 'qr'
        ? `[QR ${e.ecc} ${e.data}]`
        : e.kind === 'image'
          ? `[image ${e.rowBytes * 8}x${e.height}]`
          : '',
  );
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n[cut ${t.cut}]\n${t.unknown.length ? `[unknown: ${t.unknown.join('; ')}]\n` : ''}`;
}
