import { useEffect, useRef } from 'react';
import { VideoCase } from '../../../contract/video';
import type { QualityReport, QualityState } from '../../../contract/video-quality';
import type { QualityReading } from '../../shared/video/quality';
import { api } from '../api';

// The agent's side tells central how the call went (timeline `quality`): on each state change (the
// meter's hysteresis keeps these few) and once when the call ends, with the seconds spent in each
// state and in audio-only. One reading comes a second, so readings count seconds. Best effort: a report
// that does not arrive costs the report figures, never the call.

interface Tally {
  caseId: string | null;
  state: QualityState | null;
  last: QualityReading | null;
  seconds: QualityReport['seconds'];
}

const fresh = (caseId: string | null): Tally => ({
  caseId,
  state: null,
  last: null,
  seconds: { good: 0, poor: 0, veryPoor: 0, audioOnly: 0 },
});

function send(caseId: string, t: Tally, final: boolean): void {
  const q = t.last;
  if (!q) return;
  const f = q.figures;
  const losses = [f.audio.in.lossPct, f.audio.out.lossPct, f.video.in.lossPct, f.video.out.lossPct];
  const known = losses.filter((x): x is number => x !== null);
  const body: QualityReport = {
    state: q.state,
    final,
    lossPct: known.length ? Math.min(100, Math.max(...known)) : null,
    freezePct: f.video.freezePct,
    concealedPct: f.audio.concealedPct,
    rttMs: f.rttMs === null ? null : Math.round(f.rttMs),
    seconds: { ...t.seconds },
  };
  void api(VideoCase, 'POST', `/api/v1/video/cases/${caseId}/quality`, body).catch(() => undefined);
}

export function useQualityReport(vc: VideoCase | null, q: QualityReading | null, video: boolean): void {
  const tally = useRef<Tally>(fresh(null));
  const live = vc !== null && (vc.status === 'active' || vc.status === 'reconnecting');

  useEffect(() => {
    if (!q || !vc || !live) return;
    let t = tally.current;
    if (t.caseId !== vc.id) t = tally.current = fresh(vc.id);
    t.last = q;
    t.seconds[q.state === 'very-poor' ? 'veryPoor' : q.state] += 1;
    if (!video) t.seconds.audioOnly += 1;
    // The start of every call is good: only a change is news.
    if (q.state !== (t.state ?? 'good')) send(vc.id, t, false);
    t.state = q.state;
    // The reading is what changes; the case and mode are read as they are then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  useEffect(() => {
    const t = tally.current;
    if (t.caseId && t.last && (!live || vc?.id !== t.caseId)) {
      send(t.caseId, t, true);
      tally.current = fresh(null);
    }
  }, [live, vc?.id]);
}
