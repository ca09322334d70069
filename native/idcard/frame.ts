// GA 467 SAM module framing (hardware.md 1.2): AA AA AA 96 69 | LEN_H LEN_L | body | CHK.
// LEN (big-endian) counts everything after itself, checksum included; CHK = XOR of LEN_H .. last body
// byte (cdGH/Ids SAMSerial.cs CheckADSCommandAndSum; xwh3238557 IDCardSenderCommandBuilder.java).

export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
const HEADER = 7; // preamble + length
/** Largest legal reply: 30 10 with a 1024-byte fingerprint block is 2321 bytes (hardware.md 1.6). */
export const MAX_FRAME = 4096;

export function xorOf(buf: Uint8Array, from: number, to: number): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= buf[i]!;
  return x;
}

/** A complete frame (hardware.md 1.12): body = CMD PARA DATA for requests, SW1 SW2 SW3 DATA for replies. */
export function samFrame(body: Uint8Array): Buffer {
  const len = body.length + 1;
  const f = Buffer.alloc(HEADER + len);
  PREAMBLE.copy(f, 0);
  f.writeUInt16BE(len, 5);
  f.set(body, HEADER);
  f[f.length - 1] = xorOf(f, 5, f.length - 1);
  return f;
}

export function samCommand(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Buffer {
  return samFrame(Buffer.concat([Buffer.from([cmd, para]), data]));
}

export interface DecodedFrame {
  /** Bytes after the length field, without the checksum. */
  body: Buffer;
  /** The whole frame as received. */
  raw: Buffer;
}

export type FrameProblem = 'checksum' | 'length' | 'garbage';

/**
 * Streaming decoder: feed it any chunks, it returns every complete frame whose length and checksum
 * are right. Bad frames are counted and skipped by resyncing on the next preamble, so one corrupted
 * byte never yields a record and never stalls the stream.
 */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  readonly problems: Record<FrameProblem, number> = { checksum: 0, length: 0, garbage: 0 };

  constructor(private readonly maxFrame = MAX_FRAME) {}

  push(chunk: Uint8Array): DecodedFrame[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: DecodedFrame[] = [];
    // Each pass either consumes at least one byte or stops: bounded by the buffer length.
    for (;;) {
      const start = this.buf.indexOf(PREAMBLE);
      if (start < 0) {
        // Keep a tail that may be the start of a preamble split across chunks.
        const keep = Math.min(this.buf.length, PREAMBLE.length - 1);
        if (this.buf.length > keep) this.problems.garbage++;
        this.buf = this.buf.subarray(this.buf.length - keep);
        return out;
      }
      if (start > 0) {
        this.problems.garbage++;
        this.buf = this.buf.subarray(start);
      }
      if (this.buf.length < HEADER) return out;
      const len = this.buf.readUInt16BE(5);
      if (len < 2 || HEADER + len > this.maxFrame) {
        this.problems.length++;
        this.buf = this.buf.subarray(1); // resync past this preamble
        continue;
      }
      if (this.buf.length < HEADER + len) {
        // A preamble inside the pending bytes means this frame was cut short: drop it and resync.
        const next = this.buf.indexOf(PREAMBLE, 1);
        if (next > 0 && this.looksComplete(next)) {
          this.problems.length++;
          this.buf = this.buf.subarray(next);
          continue;
        }
        return out;
      }
      const end = HEADER + len;
      const chk = this.buf[end - 1]!;
      if (xorOf(this.buf, 5, end - 1) !== chk) {
        this.problems.checksum++;
        this.buf = this.buf.subarray(1);
        continue;
      }
      const raw = Buffer.from(this.buf.subarray(0, end));
      out.push({ raw, body: raw.subarray(HEADER, end - 1) });
      this.buf = this.buf.subarray(end);
    }
  }

  /** True when the frame starting at `at` is complete and valid, i.e. the earlier one was truncated. */
  private looksComplete(at: number): boolean {
    const rest = this.buf.subarray(at);
    if (rest.length < HEADER) return false;
    const len = rest.readUInt16BE(5);
    if (len < 2 || rest.length < HEADER + len) return false;
    return xorOf(rest, 5, HEADER + len - 1) === rest[HEADER + len - 1];
  }

  /** Drops pending bytes, e.g. after a timeout, so a late half-frame cannot pair with the next reply. */
  reset(): void {
    this.buf = Buffer.alloc(0);
  }

  get pending(): number {
    return this.buf.length;
  }
}

/** A decoded SAM reply: SW1 SW2 SW3 then data (hardware.md 1.2). */
export interface SamReply {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Buffer;
  raw: Buffer;
}

export function toReply(frame: DecodedFrame): SamReply | null {
  if (frame.body.length < 3) return null;
  return {
    sw1: frame.body[0]!,
    sw2: frame.body[1]!,
    sw3: frame.body[2]!,
    data: frame.body.subarray(3),
    raw: frame.raw,
  };
}
