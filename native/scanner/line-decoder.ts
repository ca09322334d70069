import iconv from 'iconv-lite';

// Serial barcode/QR scanners send the decoded text followed by a terminator (CR by default on most
// models, LF or CRLF on others; some can be set to TAB or a custom byte) and may add a prefix or suffix
// (STX/ETX, an AIM symbology identifier such as "]Q1"). This turns the raw byte stream into scanned
// lines: empty lines ignored, a length cap that never buffers without bound, UTF-8 or GB18030 decoded
// without replacement characters, and binary garbage rejected instead of passed on.

/** `auto` ends a line at CR or LF (so CR, LF and CRLF all work); `hex:XX…` is any byte sequence. */
export type TerminatorSpec = 'auto' | 'cr' | 'lf' | 'crlf' | 'tab' | `hex:${string}`;
export type ScanEncoding = 'auto' | 'utf8' | 'gb18030';

export interface LineDecoderOptions {
  terminator?: TerminatorSpec;
  /** Stripped from the start of a line when present: text, or `hex:02` for bytes. */
  prefix?: string;
  /** Stripped from the end of a line (before the terminator) when present. */
  suffix?: string;
  encoding?: ScanEncoding;
  /** Longest line in bytes (prefix and suffix included); longer ones are dropped whole. */
  maxBytes?: number;
}

export type RejectReason = 'too_long' | 'not_text';

export type LineResult = { ok: true; text: string } | { ok: false; reason: RejectReason; bytes: number };

const TERMINATORS: Record<Exclude<TerminatorSpec, `hex:${string}`>, Buffer[]> = {
  auto: [Buffer.from([0x0d]), Buffer.from([0x0a])],
  cr: [Buffer.from([0x0d])],
  lf: [Buffer.from([0x0a])],
  crlf: [Buffer.from([0x0d, 0x0a])],
  tab: [Buffer.from([0x09])],
};

/** `hex:0203` → bytes; anything else is taken as UTF-8 text. Throws on a malformed hex spec. */
export function bytesOfSpec(spec: string): Buffer {
  if (!spec.startsWith('hex:')) return Buffer.from(spec, 'utf8');
  const hex = spec.slice(4).replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) throw new Error(`"${spec}" is not hex:XX… (pairs of hex digits)`);
  return Buffer.from(hex, 'hex');
}

export function isTerminatorSpec(spec: string): spec is TerminatorSpec {
  if (spec in TERMINATORS) return true;
  try {
    return spec.startsWith('hex:') && bytesOfSpec(spec).length > 0;
  } catch {
    return false;
  }
}

export function terminatorsOf(spec: TerminatorSpec): Buffer[] {
  return spec.startsWith('hex:') ? [bytesOfSpec(spec)] : TERMINATORS[spec as keyof typeof TERMINATORS];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Text a person could have encoded in a QR or barcode: no control characters (tab aside), no
 * replacement or private-use characters (GB18030 maps its user-defined areas there, which is where
 * random high bytes tend to land), no unassigned code points or noncharacters, no lone surrogates.
 */
export function looksLikeText(s: string): boolean {
  // Cc control, Co private use, Cs lone surrogate (the u flag keeps pairs whole), Cn unassigned.
  return !/(?!\t)[\p{Cc}\p{Co}\p{Cs}\p{Cn}\ufffd]/u.test(s);
}

/** Decodes one line's bytes: strict UTF-8 first (ASCII is UTF-8), then GB18030 when allowed. */
export function decodeScanBytes(bytes: Buffer, encoding: ScanEncoding): string | null {
  if (encoding !== 'gb18030') {
    try {
      const s = utf8.decode(bytes);
      if (looksLikeText(s)) return s;
      if (encoding === 'utf8') return null;
    } catch {
      if (encoding === 'utf8') return null;
    }
  }
  if (!iconv.encodingExists('gb18030')) return null;
  const s = iconv.decode(bytes, 'gb18030');
  // A strict round trip: iconv-lite decodes bad sequences leniently, so only text that encodes back
  // to the very same bytes was valid GB18030.
  if (!looksLikeText(s) || !iconv.encode(s, 'gb18030').equals(bytes)) return null;
  return s;
}

/** Streaming: push() any chunks, get the complete lines out. Never throws on input bytes. */
export class ScanLineDecoder {
  private readonly terminators: Buffer[];
  private readonly prefix: Buffer;
  private readonly suffix: Buffer;
  private readonly encoding: ScanEncoding;
  private readonly maxBytes: number;
  private readonly longestTerminator: number;
  private buf = Buffer.alloc(0);
  /** Dropping the rest of an over-long line until its terminator; counts its bytes. */
  private discarding = 0;

  constructor(o: LineDecoderOptions = {}) {
    this.terminators = terminatorsOf(o.terminator ?? 'auto');
    this.prefix = bytesOfSpec(o.prefix ?? '');
    this.suffix = bytesOfSpec(o.suffix ?? '');
    this.encoding = o.encoding ?? 'auto';
    this.maxBytes = o.maxBytes ?? 512;
    this.longestTerminator = Math.max(...this.terminators.map((t) => t.length));
  }

  push(chunk: Uint8Array): LineResult[] {
    const out: LineResult[] = [];
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    for (;;) {
      const end = this.findTerminator();
      if (!end) break;
      const line = this.buf.subarray(0, end.at);
      this.buf = this.buf.subarray(end.at + end.length);
      if (this.discarding) {
        out.push({ ok: false, reason: 'too_long', bytes: this.discarding + line.length });
        this.discarding = 0;
        continue;
      }
      const r = this.line(line);
      if (r) out.push(r);
    }
    // No terminator yet: keep at most maxBytes (plus a partial terminator), drop the rest of a longer line.
    const keep = this.maxBytes + this.longestTerminator - 1;
    if (this.buf.length > keep) {
      const drop = this.buf.length - (this.longestTerminator - 1);
      this.discarding += drop;
      this.buf = Buffer.from(this.buf.subarray(drop));
    } else {
      this.buf = Buffer.from(this.buf); // a small copy, so the big chunk it was sliced from can go
    }
    return out;
  }

  /** The bytes of an unfinished line (for scanners set to send no terminator: flush after a pause). */
  flush(): LineResult[] {
    const line = this.buf;
    this.buf = Buffer.alloc(0);
    if (this.discarding) {
      const bytes = this.discarding + line.length;
      this.discarding = 0;
      return [{ ok: false, reason: 'too_long', bytes }];
    }
    const r = this.line(line);
    return r ? [r] : [];
  }

  get pending(): number {
    return this.buf.length + this.discarding;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
    this.discarding = 0;
  }

  private findTerminator(): { at: number; length: number } | undefined {
    let best: { at: number; length: number } | undefined;
    for (const t of this.terminators) {
      const at = this.buf.indexOf(t);
      if (at >= 0 && (!best || at < best.at)) best = { at, length: t.length };
    }
    return best;
  }

  private line(raw: Buffer): LineResult | undefined {
    if (raw.length === 0) return undefined;
    if (raw.length > this.maxBytes) return { ok: false, reason: 'too_long', bytes: raw.length };
    let body = raw;
    if (this.prefix.length && body.subarray(0, this.prefix.length).equals(this.prefix)) {
      body = body.subarray(this.prefix.length);
    }
    if (this.suffix.length && body.length >= this.suffix.length) {
      if (body.subarray(body.length - this.suffix.length).equals(this.suffix)) {
        body = body.subarray(0, body.length - this.suffix.length);
      }
    }
    const text = decodeScanBytes(body, this.encoding);
    if (text === null) return { ok: false, reason: 'not_text', bytes: raw.length };
    const trimmed = text.trim();
    return trimmed ? { ok: true, text: trimmed } : undefined;
  }
}
