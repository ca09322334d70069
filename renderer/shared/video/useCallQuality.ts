import { useEffect, useRef, useState, type RefObject } from 'react';
import { readStats, VIDEO_CAP_KBPS, type CallStats, type VideoPeer } from '../peer';
import { QualityMeter, sampleOf, type QualityReading } from './quality';

// Both sides of a call read getStats once a second while media flows: the connection figures the
// tests and the technician see (CallStats), and the quality meter's reading (state + window figures).
// The camera's bitrate cap follows the state, so a poor uplink is left to the voice.

export const STATS_EVERY_MS = 1000;

export function useCallQuality(
  peer: RefObject<VideoPeer | null>,
  active: boolean,
  /** False in an audio-only call: the meter judges the audio alone. */
  expectVideo: boolean,
): { stats: CallStats | null; quality: QualityReading | null } {
  const [stats, setStats] = useState<CallStats | null>(null);
  const [quality, setQuality] = useState<QualityReading | null>(null);
  const expect = useRef(expectVideo);
  useEffect(() => {
    expect.current = expectVideo;
  }, [expectVideo]);

  useEffect(() => {
    if (!active) return;
    const meter = new QualityMeter();
    let mark: { bytes: number; at: number } | undefined;
    let reading = false;
    const timer = setInterval(() => {
      const p = peer.current;
      if (!p || reading) return; // a slow getStats under load is not queued up behind itself
      reading = true;
      void readStats(p, mark)
        .then((r) => {
          mark = r.mark;
          setStats(r.stats);
          const q = meter.push(sampleOf(r.report, r.mark.at), expect.current);
          setQuality(q);
          return p.setVideoCap(VIDEO_CAP_KBPS[q.state]);
        })
        .catch(() => undefined)
        .finally(() => (reading = false));
    }, STATS_EVERY_MS);
    return () => {
      clearInterval(timer);
      // The next call starts from nothing, not from this one's last figures.
      setStats(null);
      setQuality(null);
    };
  }, [peer, active]);

  return active ? { stats, quality } : { stats: null, quality: null };
}
