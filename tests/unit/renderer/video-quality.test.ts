import { describe, expect, it } from 'vitest';
import {
  emptyCounters,
  QualityMeter,
  sampleOf,
  type QualityState,
  type StatsSample,
} from '../../../renderer/shared/video/quality';

// Synthetic getStats sequences, one sample a second, shaped like what Chromium reports for a 640×480
// call (audio 50 packets/s, video ~80 packets/s at 25 fps): clean, 2 %, 10 % and 20 % loss, a 0.3 s
// blip and a real outage. The meter must show what an agent would want to know, and no false alarm.

interface Second {
  loss?: number; // share of packets lost this second, both ways
  rttMs?: number;
  frozen?: number; // share of this second the picture stood still
  down?: boolean; // nothing at all arrives
  width?: number;
}

class Call {
  private t = 0;
  private audio = emptyCounters();
  private video = emptyCounters();
  private rtt = 50;

  /** The sample after one more second of call. */
  second(s: Second = {}): StatsSample {
    this.t += 1000;
    const loss = s.loss ?? 0;
    this.rtt = s.rttMs ?? this.rtt;
    if (!s.down) {
      const a = this.audio;
      const v = this.video;
      // Losses in whole packets, spread evenly (rounding would hide 2 % of 50 packets).
      a.packetsLost += loss * 50;
      a.packetsReceived += 50 - loss * 50;
      a.bytesReceived += 50 * 80;
      a.totalSamples += 48_000;
      a.concealedSamples += 48_000 * loss;
      v.packetsLost += loss * 80;
      v.packetsReceived += 80 - loss * 80;
      v.bytesReceived += 80 * 1000;
      v.freezeSeconds += s.frozen ?? 0;
      v.framesDecoded += Math.round(25 * (1 - (s.frozen ?? 0)));
      v.width = s.width ?? 640;
      v.height = ((s.width ?? 640) * 3) / 4;
    }
    for (const k of [this.audio, this.video]) {
      k.packetsSent += 50;
      k.bytesSent += 50 * 600;
      if (!s.down) k.remoteFractionLost = loss;
    }
    return {
      at: this.t,
      audio: { ...this.audio },
      video: { ...this.video },
      rttMs: s.down ? null : this.rtt,
    };
  }
}

/** Runs `seconds` seconds of the given condition; returns the state after each. */
function run(meter: QualityMeter, call: Call, seconds: number, s: Second = {}): QualityState[] {
  return Array.from({ length: seconds }, () => meter.push(call.second(s)).state);
}

const firstIndex = (states: QualityState[], want: QualityState[]) =>
  states.findIndex((x) => want.includes(x));

describe('call quality meter', () => {
  it('calls a clean link good and reports its figures over the window', () => {
    const m = new QualityMeter();
    const c = new Call();
    expect(run(m, c, 20)).toEqual(Array(20).fill('good'));
    const r = m.push(c.second());
    expect(r.figures.audio.in.lossPct).toBe(0);
    expect(r.figures.audio.concealedPct).toBe(0);
    expect(r.figures.video.freezePct).toBe(0);
    expect(r.figures.video.fps).toBe(25);
    expect([r.figures.video.width, r.figures.video.height]).toEqual([640, 480]);
    expect(r.figures.rttMs).toBe(50);
    // The window is 8 s, not the whole call.
    expect(r.figures.spanMs).toBeLessThanOrEqual(8000);
    expect(r.figures.video.in.kbps).toBe(640);
  });

  it('stays good at 2 % loss and 100 ms round trip, as residents notice nothing there', () => {
    const m = new QualityMeter();
    const c = new Call();
    expect(run(m, c, 30, { loss: 0.02, rttMs: 100 })).toEqual(Array(30).fill('good'));
    expect(m.push(c.second({ loss: 0.02 })).figures.audio.in.lossPct).toBe(2);
  });

  it('turns poor within 10 s at 10 % loss and 200 ms, and good again within 10 s of recovery', () => {
    const m = new QualityMeter();
    const c = new Call();
    run(m, c, 10);
    const bad = run(m, c, 15, { loss: 0.1, rttMs: 200 });
    const at = firstIndex(bad, ['poor', 'very-poor']);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThan(10);
    expect(bad.at(-1)).toBe('poor');
    const r = m.push(c.second({ loss: 0.1 }));
    expect(r.figures.audio.in.lossPct).toBe(10);
    expect(r.figures.audio.concealedPct).toBe(10);
    expect(r.figures.audio.out.lossPct).toBe(10);
    const after = run(m, c, 15, { rttMs: 50 });
    const back = firstIndex(after, ['good']);
    expect(back).toBeGreaterThanOrEqual(0);
    expect(back).toBeLessThan(10);
    expect(after.slice(back)).toEqual(Array(15 - back).fill('good'));
  });

  it('turns very poor at 20 % loss with frozen video and small pictures', () => {
    const m = new QualityMeter();
    const c = new Call();
    run(m, c, 5);
    const bad = run(m, c, 15, { loss: 0.2, frozen: 0.25, width: 320 });
    expect(firstIndex(bad, ['very-poor'])).toBeLessThan(10);
    expect(bad.at(-1)).toBe('very-poor');
    const r = m.push(c.second({ loss: 0.2, frozen: 0.25, width: 320 }));
    expect(r.figures.video.freezePct).toBe(25);
    expect([r.figures.video.width, r.figures.video.height]).toEqual([320, 240]);
  });

  it('ignores a 0.3 s blip', () => {
    const m = new QualityMeter();
    const c = new Call();
    // 0.3 s of a second lost, its late frame counted as a freeze.
    const states = [...run(m, c, 10), ...run(m, c, 1, { loss: 0.3, frozen: 0.3 }), ...run(m, c, 15)];
    expect(states).toEqual(Array(26).fill('good'));
  });

  it('shows a real outage as very poor within a few seconds and clears after it', () => {
    const m = new QualityMeter();
    const c = new Call();
    run(m, c, 10);
    const down = run(m, c, 8, { down: true });
    expect(firstIndex(down, ['very-poor'])).toBeLessThanOrEqual(4);
    const up = run(m, c, 12);
    const back = firstIndex(up, ['good']);
    expect(back).toBeGreaterThanOrEqual(0);
    expect(back).toBeLessThan(10);
  });

  it('does not flicker on a link hovering between the exit and enter thresholds', () => {
    const fromGood = new QualityMeter();
    const c1 = new Call();
    expect(run(fromGood, c1, 20, { loss: 0.03 })).toEqual(Array(20).fill('good'));
    const fromPoor = new QualityMeter();
    const c2 = new Call();
    run(fromPoor, c2, 10, { loss: 0.08 });
    expect(run(fromPoor, c2, 20, { loss: 0.03 })).toEqual(Array(20).fill('poor'));
  });

  it('judges audio alone in an audio-only call', () => {
    const m = new QualityMeter();
    const c = new Call();
    // Video frozen the whole time (it is off) but audio is fine.
    const states = Array.from({ length: 15 }, () => m.push(c.second({ frozen: 1 }), false).state);
    expect(states).toEqual(Array(15).fill('good'));
  });

  it('reads a Chromium stats report', () => {
    const report = [
      { id: 'T', type: 'transport', selectedCandidatePairId: 'CP' },
      { id: 'CP', type: 'candidate-pair', currentRoundTripTime: 0.212, state: 'succeeded' },
      { id: 'CPx', type: 'candidate-pair', currentRoundTripTime: 0.9, state: 'failed' },
      {
        id: 'IA',
        type: 'inbound-rtp',
        kind: 'audio',
        packetsReceived: 900,
        packetsLost: 100,
        bytesReceived: 70_000,
        concealedSamples: 5000,
        silentConcealedSamples: 1000,
        totalSamplesReceived: 100_000,
      },
      {
        id: 'IV',
        type: 'inbound-rtp',
        kind: 'video',
        packetsReceived: 2000,
        packetsLost: -2,
        framesDecoded: 250,
        totalFreezesDuration: 1.5,
        frameWidth: 640,
        frameHeight: 480,
      },
      { id: 'OV', type: 'outbound-rtp', kind: 'video', packetsSent: 3000, bytesSent: 3_000_000 },
      { id: 'RV', type: 'remote-inbound-rtp', kind: 'video', fractionLost: 0.05, roundTripTime: 0.2 },
    ];
    const s = sampleOf(report, 1000);
    expect(s.rttMs).toBe(212);
    expect(s.audio.concealedSamples).toBe(4000);
    expect(s.audio.packetsLost).toBe(100);
    expect(s.video.packetsLost).toBe(0);
    expect(s.video.freezeSeconds).toBe(1.5);
    expect([s.video.width, s.video.height]).toEqual([640, 480]);
    expect(s.video.remoteFractionLost).toBe(0.05);
    expect(s.video.remoteRttMs).toBe(200);
    expect(s.video.bytesSent).toBe(3_000_000);
  });
});
