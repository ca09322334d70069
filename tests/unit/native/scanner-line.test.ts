import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  looksLikeText,
  ScanLineDecoder,
  type LineDecoderOptions,
  type LineResult,
} from '../../../native/scanner/line-decoder';

// The serial scanner's byte stream → scanned lines: every terminator a scanner can be set to, chunks
// split anywhere, prefixes and suffixes, both encodings, and garbage that must never become a scan.

const texts = (rs: LineResult[]) => rs.filter((r) => r.ok).map((r) => (r as { text: string }).text);
const rejects = (rs: LineResult[]) => rs.filter((r) => !r.ok).map((r) => (r as { reason: string }).reason);

/** Feeds the bytes one at a time (the worst split a serial port can give). */
function byteByByte(d: ScanLineDecoder, bytes: Buffer): LineResult[] {
  const out: LineResult[] = [];
  for (const b of bytes) out.push(...d.push(Buffer.from([b])));
  return out;
}

describe('serial scanner line decoder', () => {
  it('ends a scan at CR, LF or CRLF in auto mode, whole or byte by byte, ignoring empty lines', () => {
    const stream = Buffer.from('K7Q2M9\rP3X8L1\nZ9D4F6\r\n\r\n\rB5N7C2\r');
    for (const feed of [
      (d: ScanLineDecoder) => d.push(stream),
      (d: ScanLineDecoder) => byteByByte(d, stream),
    ]) {
      const d = new ScanLineDecoder();
      const out = feed(d);
      expect(texts(out)).toEqual(['K7Q2M9', 'P3X8L1', 'Z9D4F6', 'B5N7C2']);
      expect(rejects(out)).toEqual([]);
      expect(d.pending).toBe(0);
    }
  });

  it('with a fixed terminator, other control bytes are not line ends (and make the line not text)', () => {
    const crlf = new ScanLineDecoder({ terminator: 'crlf' });
    expect(texts(byteByByte(crlf, Buffer.from('AB12\r\nCD34\r\n')))).toEqual(['AB12', 'CD34']);
    const cr = new ScanLineDecoder({ terminator: 'cr' });
    const out = cr.push(Buffer.from('AB\nCD\rEF34\r'));
    expect(rejects(out)).toEqual(['not_text']);
    expect(texts(out)).toEqual(['EF34']);
    const etx = new ScanLineDecoder({ terminator: 'hex:03' });
    expect(texts(etx.push(Buffer.from('\x02K7Q2M9\x03')))).toEqual([]); // STX is not text…
    const stx = new ScanLineDecoder({ terminator: 'hex:03', prefix: 'hex:02' });
    expect(texts(stx.push(Buffer.from('\x02K7Q2M9\x03')))).toEqual(['K7Q2M9']); // …unless it is the prefix
    const tab = new ScanLineDecoder({ terminator: 'tab' });
    expect(texts(tab.push(Buffer.from('A1B2\tC3D4\t')))).toEqual(['A1B2', 'C3D4']);
  });

  it('strips a configured prefix and suffix (AIM identifier, STX/ETX) when present', () => {
    const d = new ScanLineDecoder({ prefix: ']Q1', suffix: 'hex:03' });
    const out = d.push(Buffer.from(']Q1https://example.org/a/P3X8L1\x03\rK7Q2M9\r'));
    expect(texts(out)).toEqual(['https://example.org/a/P3X8L1', 'K7Q2M9']);
  });

  it('decodes UTF-8 and GB18030 Chinese; a forced encoding refuses the other', () => {
    const zh = '预约码 K7Q2M9 张江';
    const auto = new ScanLineDecoder();
    const gb = iconv.encode(zh, 'gb18030');
    expect(
      texts(auto.push(Buffer.concat([Buffer.from(zh), Buffer.from('\r'), gb, Buffer.from('\r')]))),
    ).toEqual([zh, zh]);
    expect(
      rejects(new ScanLineDecoder({ encoding: 'utf8' }).push(Buffer.concat([gb, Buffer.from('\r')]))),
    ).toEqual(['not_text']);
    const onlyGb = new ScanLineDecoder({ encoding: 'gb18030' });
    expect(texts(onlyGb.push(Buffer.concat([gb, Buffer.from('\n')])))).toEqual([zh]);
    // Four-byte GB18030 (a rare name character) decodes too.
    const rare = '𠀀䶮';
    expect(texts(onlyGb.push(Buffer.concat([iconv.encode(rare, 'gb18030'), Buffer.from('\n')])))).toEqual([
      rare,
    ]);
  });

  it('drops an over-long line whole without buffering it, and reads the next one', () => {
    const d = new ScanLineDecoder({ maxBytes: 32 });
    const out: LineResult[] = [];
    for (let i = 0; i < 1000; i++) {
      out.push(...d.push(Buffer.alloc(100, 0x41)));
      expect(d.pending).toBeLessThanOrEqual(32 + 100_000); // counted, not kept:
      expect((d as unknown as { buf: Buffer }).buf.length).toBeLessThanOrEqual(32);
    }
    out.push(...d.push(Buffer.from('\rK7Q2M9\r')));
    expect(rejects(out)).toEqual(['too_long']);
    expect(out.find((r) => !r.ok)).toMatchObject({ bytes: 100_000 });
    expect(texts(out)).toEqual(['K7Q2M9']);
    // Over the cap inside one chunk too.
    expect(rejects(d.push(Buffer.from(`${'B'.repeat(33)}\r`)))).toEqual(['too_long']);
    expect(texts(d.push(Buffer.from(`${'C'.repeat(32)}\r`)))).toEqual(['C'.repeat(32)]);
  });

  it('rejects binary garbage and never throws or lets non-text through (fuzz, 20,000 chunks)', () => {
    const configs: LineDecoderOptions[] = [
      {},
      { terminator: 'crlf', encoding: 'utf8' },
      { terminator: 'hex:03', prefix: 'hex:02', encoding: 'gb18030', maxBytes: 64 },
      { terminator: 'tab', suffix: ']' },
    ];
    let seen = 0;
    for (const o of configs) {
      const d = new ScanLineDecoder(o);
      for (let i = 0; i < 5000; i++) {
        const chunk = randomBytes(1 + (i % 97));
        for (const r of d.push(chunk)) {
          seen++;
          if (r.ok) expect(looksLikeText(r.text), JSON.stringify(r.text)).toBe(true);
        }
      }
      d.flush();
    }
    expect(seen).toBeGreaterThan(1000);
    const noise = new ScanLineDecoder();
    expect(noise.push(Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x88, 0x0d]))).toEqual([
      { ok: false, reason: 'not_text', bytes: 5 },
    ]);
  });

  it('flushes an unterminated line on request (scanners set to send no terminator)', () => {
    const d = new ScanLineDecoder();
    expect(d.push(Buffer.from('K7Q2'))).toEqual([]);
    expect(d.push(Buffer.from('M9'))).toEqual([]);
    expect(texts(d.flush())).toEqual(['K7Q2M9']);
    expect(d.flush()).toEqual([]);
  });
});
