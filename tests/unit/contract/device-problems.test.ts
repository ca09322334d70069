import { describe, expect, it } from 'vitest';
import {
  DeviceProblemCode,
  PRINTER_STATE_PROBLEMS,
  READER_STATE_PROBLEMS,
  printerProblemCode,
} from '../../../contract/device-problems';
import { KioskProblemCode, type HeartbeatRequest } from '../../../contract/fleet';
import { type KioskDeviceStatus, PrinterState, ReaderState } from '../../../contract/kiosk';
import { deviceErrorText, errorText, hostErrorText, kioskDeviceText, messages } from '../../../contract/i18n';
import { decodeStatus } from '../../../native/printer/status';
import { printerStateOf } from '../../../main/host/devices/status-map';
import { problemsOf } from '../../../central/fleet/health';

// One list of device problem codes (contract/device-problems.ts): every code a producer emits is on
// it, every code has exactly one text, and the printer's own words, the kiosk's state, the resident's
// text and the district's fleet code all tell the same story.

const onList = (code: string) => (DeviceProblemCode.options as readonly string[]).includes(code);

/** Every DLE EOT reply the decoder can meet, as far as its problem bits go (11 bits: 2048 replies). */
function* everyReply() {
  for (let n = 0; n < 1 << 11; n++) {
    const b = (i: number) => (n >> i) & 1;
    yield {
      printer: 0x12 | (b(0) << 3),
      offline: 0x12 | (b(1) << 2) | (b(2) << 5) | (b(3) << 6),
      error: 0x12 | (b(4) << 3) | (b(5) << 5) | (b(6) << 6),
      paper: 0x12 | (b(7) << 2) | (b(8) << 3) | (b(9) << 5) | (b(10) << 6),
    };
  }
}

const beat = (
  printer: KioskDeviceStatus['printer']['state'],
  reader: KioskDeviceStatus['reader']['state'],
): HeartbeatRequest => ({
  appVersion: '1.0.0',
  uptimeSec: 10,
  sentAt: '2026-03-02T02:00:00.000Z',
  devices: {
    reader: { state: reader, port: null },
    printer: { state: printer, port: null },
    canPrint: false,
  },
  link: { outboxDepth: 0, clockSkewMs: 0 },
  diskFreeBytes: null,
});

describe('device problem codes', () => {
  it('gives every code on the list exactly one bilingual text', () => {
    expect(Object.keys(deviceErrorText).sort()).toEqual([...DeviceProblemCode.options].sort());
    for (const m of Object.values(deviceErrorText)) {
      expect(m.zh.length).toBeGreaterThan(0);
      expect(m.en.length).toBeGreaterThan(0);
    }
    for (const other of [errorText, hostErrorText, kioskDeviceText]) {
      expect(Object.keys(other).filter(onList)).toEqual([]);
    }
  });

  it('maps every printer and reader state to listed codes, and every fleet code has a supervisor text', () => {
    for (const table of [PRINTER_STATE_PROBLEMS, READER_STATE_PROBLEMS]) {
      for (const p of Object.values(table)) {
        if (!p) continue;
        if (p.kiosk) expect(onList(p.kiosk), p.kiosk).toBe(true);
        expect(KioskProblemCode.options).toContain(p.fleet);
      }
    }
    for (const code of KioskProblemCode.options) {
      expect(Object.keys(messages), code).toContain(`dash.problem.${code}`);
    }
  });

  it('has the printer driver emit only listed codes, and the kiosk shows the one the printer named', () => {
    const seen = new Set<string>();
    for (const reply of everyReply()) {
      const status = decodeStatus(reply);
      const state = printerStateOf(status);
      const shown = printerProblemCode(state);
      if (status.problem) {
        seen.add(status.problem);
        expect(onList(status.problem), status.problem).toBe(true);
      }
      expect(onList(shown)).toBe(true);
      // What the printer said stops it is what the resident reads (cutter faults read as a printer fault).
      if (
        status.problem &&
        status.problem !== 'DEVICE_CUTTER_ERROR' &&
        status.problem !== 'DEVICE_PRINTER_ERROR'
      ) {
        expect(shown, JSON.stringify(reply)).toBe(status.problem);
      }
      if (status.ready) expect(['ok', 'paper_near_end']).toContain(state);
    }
    expect([...seen].sort()).toEqual([
      'DEVICE_COVER_OPEN',
      'DEVICE_CUTTER_ERROR',
      'DEVICE_OFFLINE',
      'DEVICE_PAPER_OUT',
      'DEVICE_PRINTER_ERROR',
    ]);
  });

  it('reports each faulty state to the district with the fleet code of the same table', () => {
    for (const printer of PrinterState.options) {
      for (const reader of ReaderState.options) {
        // (as a set: faults come first in the answer)
        const codes = problemsOf(beat(printer, reader), 0)
          .map((p) => p.code)
          .sort();
        const want = [PRINTER_STATE_PROBLEMS[printer]?.fleet, READER_STATE_PROBLEMS[reader]?.fleet].filter(
          (c) => c !== undefined,
        );
        want.sort();
        expect(codes).toEqual(want);
      }
    }
  });
});
