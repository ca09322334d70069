import { describe, expect, it } from 'vitest';
import { FrameDecoder, samFrame, toReply, xorOf } from '../../../native/idcard/frame';
import { parseReadData } from '../../../native/idcard/read-reply';
import { parseTextBlock } from '../../../native/idcard/text-block';
import { StatusStream, decodeStatus } from '../../../native/printer/status';
import { SIM_CARDS } from '../../../native/sim/cards';
import { EscPosInterpreter } from '../../../native/sim/escpos-interpreter';
import { encodeTextBlock } from '../../../native/sim/text-encode';
import { buildReadData } from '../../../native/idcard/read-reply';

// Random and mutated frames at the frame codec, the record parser and the printer status parser:
// nothing may throw, and no frame whose checksum is wrong may come out.

function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const FRAMES = 100_000;

describe('fuzz', () => {
  it(`${FRAMES} random and mutated frames: no exception, no record from a bad checksum`, () => {
    const rand = rng(0x4467);
    const int = (n: number) => Math.floor(rand() * n);
    const valid = [
      samFrame(Buffer.from([0, 0, 0x90])),
      samFrame(Buffer.from([0, 0, 0x9f, 0, 0, 0, 0])),
      samFrame(Buffer.from([0, 0, 0x80])),
      ...SIM_CARDS.map((c) =>
        samFrame(
          Buffer.concat([
            Buffer.from([0, 0, 0x90]),
            buildReadData({ text: encodeTextBlock(c.fields), photo: c.photo }),
          ]),
        ),
      ),
    ];
    const decoder = new FrameDecoder();
    let emitted = 0;
    let violations = 0;
    let badChecksumSent = 0;
    for (let i = 0; i < FRAMES; i++) {
      let f: Buffer;
      const kind = int(4);
      if (kind === 0) {
        f = Buffer.from(Array.from({ length: 1 + int(64) }, () => int(256)));
        if (rand() < 0.5) f = Buffer.concat([Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]), f]);
      } else {
        f = Buffer.from(valid[int(valid.length)]!);
        const mutations = 1 + int(3);
        for (let m = 0; m < mutations; m++) {
          const op = int(3);
          if (op === 0) f[int(f.length)] ^= 1 << int(8);
          else if (op === 1) f = f.subarray(0, int(f.length));
          else
            f = Buffer.concat([
              f.subarray(0, int(f.length)),
              Buffer.from([int(256)]),
              f.subarray(int(f.length)),
            ]);
        }
      }
      const checksumBad = f.length < 8 || xorOf(f, 5, f.length - 1) !== f[f.length - 1];
      if (checksumBad) badChecksumSent++;
      // Random chunking, as a serial port delivers bytes.
      for (let off = 0; off < f.length;) {
        const n = 1 + int(f.length);
        for (const out of decoder.push(f.subarray(off, off + n))) {
          emitted++;
          // Every frame that comes out has a correct length and checksum, and is never the bad frame.
          if (out.raw.length !== 7 + out.raw.readUInt16BE(5)) violations++;
          if (xorOf(out.raw, 5, out.raw.length - 1) !== out.raw[out.raw.length - 1]) violations++;
          if (checksumBad && out.raw.equals(f)) violations++;
          const reply = toReply(out);
          if (reply && reply.sw3 === 0x90 && reply.data.length >= 4) {
            const blocks = parseReadData(reply.data, false);
            if (blocks.ok) parseTextBlock(blocks.blocks.text);
          }
        }
        off += n;
      }
      if (i % 1000 === 999) decoder.reset(); // as the driver does after a timeout
    }
    expect(badChecksumSent).toBeGreaterThan(FRAMES / 2);
    expect(emitted).toBeGreaterThan(0);
    expect(violations).toBe(0);
  });

  it(`${FRAMES} random status bytes and ESC/POS streams: no exception`, () => {
    const rand = rng(2024);
    const int = (n: number) => Math.floor(rand() * n);
    const stream = new StatusStream();
    const printer = new EscPosInterpreter();
    let pending = Buffer.alloc(0);
    let odd = 0;
    for (let i = 0; i < FRAMES; i++) {
      const bytes = Buffer.from(Array.from({ length: 1 + int(8) }, () => int(256)));
      for (const ev of stream.push(bytes))
        if (!['realtime', 'transmit', 'asb', 'info'].includes(ev.kind)) odd++;
      const s = decodeStatus({
        printer: bytes[0]!,
        offline: bytes[1] ?? 0x12,
        error: bytes[2] ?? 0x12,
        paper: bytes[3] ?? 0x12,
      });
      if (!['ok', 'near_end', 'out'].includes(s.paper)) odd++;
      pending = pending.length ? Buffer.concat([pending, bytes]) : bytes;
      // Bounded: each step consumes bytes or stops.
      for (let g = 0; g < 64 && pending.length > 0; g++) {
        const { used } = printer.step(pending);
        if (used === 0) break;
        pending = pending.subarray(used);
      }
      // A command that declares a huge length waits for its data; skip it as a resync would.
      if (pending.length > 256) pending = pending.subarray(1);
      if (i % 5000 === 4999) printer.step(Buffer.from([0x1d, 0x56, 0x00])); // a cut ends the ticket model
    }
    expect(odd).toBe(0);
  });
});
