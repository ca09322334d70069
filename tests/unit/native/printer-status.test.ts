import { describe, expect, it } from 'vitest';
import { StatusStream, decodeStatus, describeStatus, paperOfTransmit } from '../../../native/printer/status';

// DLE EOT replies per hardware.md 2.5 (node-escpos statuses.ts; python-escpos RT_MASK_*).
const OK = { printer: 0x12, offline: 0x12, error: 0x12, paper: 0x12 };

describe('printer real-time status bits', () => {
  it('a normal reply 0x12 everywhere is ready', () => {
    expect(decodeStatus(OK)).toMatchObject({ ready: true, online: true, paper: 'ok', coverOpen: false });
    expect(describeStatus(decodeStatus(OK))).toBe('ready: online, paper ok, cover closed');
  });

  it('reads paper end, near end, cover open, offline, cutter and other errors', () => {
    expect(decodeStatus({ ...OK, paper: 0x72 })).toMatchObject({ paper: 'out', problem: 'DEVICE_PAPER_OUT' });
    expect(decodeStatus({ ...OK, paper: 0x1e })).toMatchObject({ paper: 'near_end', ready: true });
    expect(decodeStatus({ ...OK, offline: 0x16, printer: 0x1a })).toMatchObject({
      coverOpen: true,
      online: false,
      problem: 'DEVICE_COVER_OPEN',
    });
    expect(decodeStatus({ ...OK, printer: 0x1a })).toMatchObject({ problem: 'DEVICE_OFFLINE' });
    expect(decodeStatus({ ...OK, error: 0x1a })).toMatchObject({
      cutterError: true,
      problem: 'DEVICE_CUTTER_ERROR',
    });
    expect(decodeStatus({ ...OK, error: 0x32 })).toMatchObject({
      unrecoverableError: true,
      problem: 'DEVICE_PRINTER_ERROR',
    });
    expect(decodeStatus({ ...OK, error: 0x52 })).toMatchObject({ autoRecoverableError: true, ready: false });
    expect(decodeStatus({ ...OK, offline: 0x32 })).toMatchObject({ paper: 'out' }); // stopped at paper end
    expect(describeStatus(decodeStatus({ ...OK, paper: 0x72 }))).toContain('NOT READY (DEVICE_PAPER_OUT)');
  });

  it('tells DLE EOT replies, GS r replies and 4-byte ASB blocks apart in one stream', () => {
    const s = new StatusStream();
    // ASB block (first byte 0xx1xx00, hardware.md 2.6), a DLE EOT reply, a GS r 1 reply (paper end).
    const events = s.push(Buffer.from([0x10, 0x00, 0x0c, 0x00, 0x12, 0x0c]));
    expect(events.map((e) => e.kind)).toEqual(['asb', 'realtime', 'transmit']);
    expect(paperOfTransmit(0x0c)).toBe('out');
    expect(paperOfTransmit(0x03)).toBe('near_end');
    expect(paperOfTransmit(0x00)).toBe('ok');
    // An ASB block split across chunks still counts as one block.
    expect(s.push(Buffer.from([0x18, 0x00]))).toEqual([]);
    expect(s.push(Buffer.from([0x00, 0x00, 0x12])).map((e) => e.kind)).toEqual(['asb', 'realtime']);
    expect(s.push(Buffer.from([0xff]))).toEqual([]);
    expect(s.dropped).toBe(1);
  });
});
