import { describe, expect, it } from 'vitest';
import { FrameDecoder, samCommand, samFrame, toReply } from '../../../native/idcard/frame';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('GA 467 frame codec', () => {
  it('builds the command frames of hardware.md 1.3 byte for byte', () => {
    expect(samCommand(0x10, 0xff)).toEqual(hex('AA AA AA 96 69 00 03 10 FF EC'));
    expect(samCommand(0x11, 0xff)).toEqual(hex('AA AA AA 96 69 00 03 11 FF ED'));
    expect(samCommand(0x20, 0x01)).toEqual(hex('AA AA AA 96 69 00 03 20 01 22'));
    expect(samCommand(0x20, 0x02)).toEqual(hex('AA AA AA 96 69 00 03 20 02 21'));
    expect(samCommand(0x30, 0x01)).toEqual(hex('AA AA AA 96 69 00 03 30 01 32'));
    expect(samCommand(0x30, 0x10)).toEqual(hex('AA AA AA 96 69 00 03 30 10 23'));
    expect(samCommand(0x61, 0xff, Buffer.from([0x50]))).toEqual(hex('AA AA AA 96 69 00 04 61 FF 50 CA'));
  });

  // Exact reply frames logged by guocihong/GasStationCardManageSystem readidentifiercardinfoutil.cpp,
  // as quoted in ../shared/docs/hardware.md 1.4.
  const published: Array<[string, string, number, number]> = [
    ['SAM OK', 'AA AA AA 96 69 00 04 00 00 90 94', 0x90, 0],
    ['SAM self-test failed', 'AA AA AA 96 69 00 04 00 00 60 64', 0x60, 0],
    ['find OK', 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97', 0x9f, 4],
    ['find failed', 'AA AA AA 96 69 00 04 00 00 80 84', 0x80, 0],
    ['select OK', 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C', 0x90, 8],
    ['select failed', 'AA AA AA 96 69 00 04 00 00 81 85', 0x81, 0],
    ['read failed', 'AA AA AA 96 69 00 04 00 00 41 45', 0x41, 0],
  ];

  it('decodes the published reply frames (guocihong readidentifiercardinfoutil.cpp)', () => {
    for (const [what, frame, sw3, dataLen] of published) {
      const [f] = new FrameDecoder().push(hex(frame));
      const r = toReply(f!);
      expect(r, what).not.toBeNull();
      expect([r!.sw1, r!.sw2, r!.sw3, r!.data.length], what).toEqual([0, 0, sw3, dataLen]);
    }
  });

  it('finds frames split across chunks one byte at a time, and back to back', () => {
    const stream = Buffer.concat(published.map(([, f]) => hex(f)));
    const d = new FrameDecoder();
    const got = [...stream].flatMap((b) => d.push(Buffer.from([b])));
    expect(got.map((f) => toReply(f)!.sw3)).toEqual(published.map(([, , sw3]) => sw3));
  });

  it('resyncs after garbage and a corrupted frame, and never emits the corrupted one', () => {
    const good = hex('AA AA AA 96 69 00 04 00 00 90 94');
    const bad = Buffer.from(good);
    bad[9] = 0x9f; // SW3 changed in transit: the checksum no longer matches
    const d = new FrameDecoder();
    const out = d.push(Buffer.concat([hex('00 AA 13 96'), bad, hex('AA AA'), good]));
    expect(out).toHaveLength(1);
    expect(toReply(out[0]!)!.sw3).toBe(0x90);
    expect(d.problems.checksum).toBe(1);
  });

  it('drops a truncated frame when the next complete frame follows it', () => {
    const read = samFrame(Buffer.concat([hex('00 00 90'), Buffer.alloc(1285)]));
    const ok = hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
    const out = new FrameDecoder().push(Buffer.concat([read.subarray(0, 300), ok]));
    expect(out.map((f) => toReply(f)!.sw3)).toEqual([0x9f]);
  });

  it('rejects impossible lengths without waiting for kilobytes', () => {
    const d = new FrameDecoder();
    expect(d.push(hex('AA AA AA 96 69 FF FF 00'))).toEqual([]);
    expect(d.push(hex('AA AA AA 96 69 00 04 00 00 90 94'))).toHaveLength(1);
  });
});
