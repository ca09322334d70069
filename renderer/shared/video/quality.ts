// Call quality the agent can act on, from successive getStats reports. Pure: no RTCPeerConnection here,
// so recorded or synthetic reports test it. Two parts:
//  - `sampleOf` reduces one report to the cumulative counters that matter, per kind and direction
//    (inbound-rtp: what we receive; remote-inbound-rtp: what the other side says it received of ours);
//  - `QualityMeter` keeps the samples of the last WINDOW_MS, gives the figures over that window
//    (loss %, freeze share, concealed audio share, RTT, resolution, fps, kbps) and a state
//    good / poor / very-poor.
// The state is the median of the levels of the last LEVEL_VOTES one-second intervals, so a blip that
// spoils one or two intervals (a 0.3 s drop) never flips it, while a link that stays bad flips it in
// about 3 s; leaving a state needs the figures to fall below lower "exit" thresholds (hysteresis), so a
// link hovering at a threshold does not flicker.

import type { QualityState } from '../../../contract/video-quality';

export type { QualityState };
export type MediaKind = 'audio' | 'video';

/** Cumulative counters of one kind, as read at one instant. */
export interface KindCounters {
  /** Inbound (what we receive). */
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  /** Audio: samples concealed (made up by the decoder) and all samples played out. */
  concealedSamples: number;
  totalSamples: number;
  /** Video: freezes as the receiver counts them (frame gap > max(3× mean, mean + 150 ms)). */
  freezeSeconds: number;
  framesDecoded: number;
  width: number | null;
  height: number | null;
  /** Outbound (what we send) and the other side's report of it (remote-inbound-rtp). */
  packetsSent: number;
  bytesSent: number;
  /** Share lost over the other side's last receiver report (RTCP RR), 0–1; null before the first. */
  remoteFractionLost: number | null;
  remoteRttMs: number | null;
}

export interface StatsSample {
  /** ms, any monotonic clock. */
  at: number;
  audio: KindCounters;
  video: KindCounters;
  /** Selected candidate pair's current RTT. */
  rttMs: number | null;
}

export interface DirectionFigures {
  lossPct: number | null;
  kbps: number | null;
}

export interface KindFigures {
  in: DirectionFigures;
  out: DirectionFigures;
}

export interface QualityFigures {
  /** Span actually covered by the window, ms. */
  spanMs: number;
  audio: KindFigures & { concealedPct: number | null };
  video: KindFigures & {
    freezePct: number | null;
    fps: number | null;
    width: number | null;
    height: number | null;
  };
  rttMs: number | null;
}

export interface QualityReading {
  state: QualityState;
  figures: QualityFigures;
}

export const WINDOW_MS = 8000;
/** How many one-second interval levels vote on the state (the median wins). */
export const LEVEL_VOTES = 5;

/**
 * Thresholds. Enter: an interval this bad counts as poor / very poor. Exit: while in that state, an
 * interval counts at that level until it is better than these. Loss is the worse of both directions
 * and both kinds; the measurements put 2 % loss at no visible harm and 10 % at video frozen a
 * third of the time.
 */
export const THRESHOLDS = {
  poor: {
    enter: { lossPct: 4, concealedPct: 4, freezePct: 10, rttMs: 400 },
    exit: { lossPct: 2.5, concealedPct: 2.5, freezePct: 5, rttMs: 300 },
  },
  'very-poor': {
    enter: { lossPct: 15, concealedPct: 12, freezePct: 30, rttMs: 1000 },
    exit: { lossPct: 10, concealedPct: 8, freezePct: 20, rttMs: 800 },
  },
} as const;

const RANK: Record<QualityState, number> = { good: 0, poor: 1, 'very-poor': 2 };
const BY_RANK: QualityState[] = ['good', 'poor', 'very-poor'];

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const opt = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Counters of a kind before anything was counted (also the tests' starting point). */
export function emptyCounters(): KindCounters {
  return {
    packetsReceived: 0,
    packetsLost: 0,
    bytesReceived: 0,
    concealedSamples: 0,
    totalSamples: 0,
    freezeSeconds: 0,
    framesDecoded: 0,
    width: null,
    height: null,
    packetsSent: 0,
    bytesSent: 0,
    remoteFractionLost: null,
    remoteRttMs: null,
  };
}

/** One getStats report (its values) reduced to a sample; several streams of one kind add up. */
export function sampleOf(report: Iterable<Record<string, unknown>>, at: number): StatsSample {
  const s: StatsSample = { at, audio: emptyCounters(), video: emptyCounters(), rttMs: null };
  const all = [...report];
  const transport = all.find((r) => r.type === 'transport' && r.selectedCandidatePairId);
  for (const r of all) {
    const kind = r.kind === 'audio' || r.kind === 'video' ? r.kind : null;
    if (r.type === 'inbound-rtp' && kind) {
      const c = s[kind];
      c.packetsReceived += num(r.packetsReceived);
      c.packetsLost += Math.max(0, num(r.packetsLost)); // negative on duplicates
      c.bytesReceived += num(r.bytesReceived);
      c.concealedSamples += num(r.concealedSamples) - num(r.silentConcealedSamples);
      c.totalSamples += num(r.totalSamplesReceived);
      c.freezeSeconds += num(r.totalFreezesDuration);
      c.framesDecoded += num(r.framesDecoded);
      c.width = opt(r.frameWidth) ?? c.width;
      c.height = opt(r.frameHeight) ?? c.height;
    } else if (r.type === 'outbound-rtp' && kind) {
      s[kind].packetsSent += num(r.packetsSent);
      s[kind].bytesSent += num(r.bytesSent);
    } else if (r.type === 'remote-inbound-rtp' && kind) {
      // Several streams of a kind: the worst counts (cumulative packetsLost against packetsSent would
      // jump with each receiver report, which comes every 1–5 s).
      const f = opt(r.fractionLost);
      if (f !== null) s[kind].remoteFractionLost = Math.max(s[kind].remoteFractionLost ?? 0, f);
      const rtt = opt(r.roundTripTime);
      if (rtt !== null) s[kind].remoteRttMs = Math.round(rtt * 1000);
    } else if (r.type === 'candidate-pair') {
      const chosen = transport
        ? r.id === transport.selectedCandidatePairId
        : r.state === 'succeeded' && (r.nominated || r.selected);
      const rtt = opt(r.currentRoundTripTime);
      if (chosen && rtt !== null) s.rttMs = Math.round(rtt * 1000);
    }
  }
  return s;
}

const pct = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((Math.max(0, part) / whole) * 1000) / 10 : null;

/** Figures between two samples (a then b). */
export function figuresBetween(a: StatsSample, b: StatsSample): QualityFigures {
  const ms = Math.max(1, b.at - a.at);
  const kind = (k: MediaKind): KindFigures => {
    const x = a[k];
    const y = b[k];
    const got = y.packetsReceived - x.packetsReceived;
    const lost = y.packetsLost - x.packetsLost;
    return {
      in: {
        lossPct: pct(lost, got + Math.max(0, lost)),
        kbps: Math.round(((y.bytesReceived - x.bytesReceived) * 8) / ms),
      },
      out: {
        lossPct: y.remoteFractionLost === null ? null : Math.round(y.remoteFractionLost * 1000) / 10,
        kbps: Math.round(((y.bytesSent - x.bytesSent) * 8) / ms),
      },
    };
  };
  const frames = b.video.framesDecoded - a.video.framesDecoded;
  return {
    spanMs: b.at - a.at,
    audio: {
      ...kind('audio'),
      concealedPct: pct(
        b.audio.concealedSamples - a.audio.concealedSamples,
        b.audio.totalSamples - a.audio.totalSamples,
      ),
    },
    video: {
      ...kind('video'),
      freezePct:
        b.video.framesDecoded > 0 || a.video.framesDecoded > 0
          ? Math.min(100, pct((b.video.freezeSeconds - a.video.freezeSeconds) * 1000, ms) ?? 0)
          : null,
      fps: Math.round((frames * 10000) / ms) / 10,
      width: b.video.width,
      height: b.video.height,
    },
    rttMs: b.rttMs ?? b.audio.remoteRttMs ?? b.video.remoteRttMs,
  };
}

/** The level one interval's figures show, given the state we are in (exit thresholds apply to it). */
export function levelOf(f: QualityFigures, current: QualityState, expectVideo = true): QualityState {
  // Nothing at all came in (audio is always sent): the link is down for this interval.
  const audioIn = f.audio.in;
  if (audioIn.kbps === 0 && audioIn.lossPct === null) return 'very-poor';
  const loss = Math.max(
    f.audio.in.lossPct ?? 0,
    f.audio.out.lossPct ?? 0,
    expectVideo ? (f.video.in.lossPct ?? 0) : 0,
    expectVideo ? (f.video.out.lossPct ?? 0) : 0,
  );
  const worse = (level: 'poor' | 'very-poor'): boolean => {
    const t = RANK[current] >= RANK[level] ? THRESHOLDS[level].exit : THRESHOLDS[level].enter;
    return (
      loss >= t.lossPct ||
      (f.audio.concealedPct ?? 0) >= t.concealedPct ||
      (expectVideo && (f.video.freezePct ?? 0) >= t.freezePct) ||
      (f.rttMs ?? 0) >= t.rttMs
    );
  };
  if (worse('very-poor')) return 'very-poor';
  if (worse('poor')) return 'poor';
  return 'good';
}

/**
 * Feed it a sample about once a second (`push`); it answers the state and the figures over the last
 * WINDOW_MS. `expectVideo` false (audio-only) judges audio alone.
 */
export class QualityMeter {
  private samples: StatsSample[] = [];
  private levels: QualityState[] = [];
  private current: QualityState = 'good';

  push(sample: StatsSample, expectVideo = true): QualityReading {
    const last = this.samples.at(-1);
    // A report from before the last one (or a restarted connection's counters) starts over.
    if (last && (sample.at <= last.at || sample.audio.packetsReceived < last.audio.packetsReceived)) {
      this.samples = [];
    }
    const prev = this.samples.at(-1);
    this.samples.push(sample);
    while (this.samples.length > 2 && sample.at - this.samples[1]!.at >= WINDOW_MS) this.samples.shift();
    if (prev) {
      this.levels.push(levelOf(figuresBetween(prev, sample), this.current, expectVideo));
      if (this.levels.length > LEVEL_VOTES) this.levels.shift();
      this.current = median(this.levels);
    }
    const first = this.samples[0]!;
    return { state: this.current, figures: figuresBetween(first, sample) };
  }

  get state(): QualityState {
    return this.current;
  }
}

function median(levels: QualityState[]): QualityState {
  const ranks = levels.map((l) => RANK[l]).sort((a, b) => a - b);
  // With fewer votes than LEVEL_VOTES (call start), missing votes count as good: no alarm at setup.
  const missing = LEVEL_VOTES - ranks.length;
  const all = [...Array<number>(missing).fill(0), ...ranks];
  return BY_RANK[all[Math.floor(all.length / 2)]!]!;
}
