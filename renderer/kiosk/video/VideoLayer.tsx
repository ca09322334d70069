import { useCallback, useEffect, useState } from 'react';
import type { PushBody, VideoCase } from '../../../contract/video';
import { Bi } from '../../shared/i18n';
import { useDoorstep, useDoorstepEvent } from '../doorstep/useDoorstep';
import { KioskCallView } from './KioskCallView';
import { RatingScreen } from './RatingScreen';
import { Ringing } from './Ringing';
import { useKioskCall } from './useKioskCall';
import './video.css';

// Remote video assistance on the kiosk, over whatever screen shows: it rings when an agent calls,
// holds the call, then asks for a rating and prints the receipt (回执). Mounted once by the kiosk app.

type After = { vc: VideoCase; step: 'rate' | 'print' | 'printed' | 'print-failed' };
const NOTICE_MS = 8000;

export function VideoLayer() {
  const api = useDoorstep();
  const [vc, setVc] = useState<VideoCase | null>(null);
  const [push, setPush] = useState<PushBody | null>(null);
  const [after, setAfter] = useState<After | null>(null);
  const [notice, setNotice] = useState<'missed' | 'returned' | null>(null);

  const onCase = useCallback((c: VideoCase) => {
    setVc(c);
    if (c.status === 'ended') setAfter((a) => (a?.vc.id === c.id ? a : { vc: c, step: 'rate' }));
    // Another resident's call outranks the previous one's receipt screen.
    if (c.status === 'ringing') setAfter((a) => (a && a.vc.id !== c.id ? null : a));
    if (c.status === 'missed' || c.status === 'returned') setNotice(c.status);
    if (c.status !== 'active' && c.status !== 'reconnecting') setPush(null);
  }, []);

  useEffect(() => {
    // A host without video (or an older one) answers nothing useful: the layer then stays idle.
    void api.call('video.watch', {}).then(
      (r) => {
        if (r?.case) onCase(r.case);
      },
      () => undefined,
    );
  }, [api, onCase]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  useDoorstepEvent((e) => {
    if (e.type !== 'video') return;
    const m = e.message;
    if (m.type === 'case') onCase(m.case);
    else if (m.type === 'relay' && m.body.kind === 'push')
      setPush(m.body.push.kind === 'clear' ? null : m.body.push);
  });

  const print = useCallback(
    (a: After) => {
      setAfter({ ...a, step: 'print' });
      void api.call('video.receipt', { caseId: a.vc.id }).then(
        (r) => setAfter({ ...a, step: r.printed ? 'printed' : 'print-failed' }),
        () => setAfter({ ...a, step: 'print-failed' }),
      );
    },
    [api],
  );
  useEffect(() => {
    if (after?.step !== 'printed' && after?.step !== 'print-failed') return;
    const timer = setTimeout(() => setAfter(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [after]);

  if (after?.step === 'rate') return <RatingScreen vc={after.vc} onDone={() => print(after)} />;
  if (after) {
    return (
      <div className="video-overlay receipt" data-testid="video-receipt" data-step={after.step}>
        {after.step === 'print' && <Bi k="video.receipt.printing" as="h2" />}
        {after.step === 'printed' && <Bi k="video.receipt.done" as="h2" />}
        {after.step === 'print-failed' && (
          <Bi k="video.receipt.failed" params={{ n: after.vc.caseNumber }} as="h2" />
        )}
        <Bi k="video.rate.case" params={{ n: after.vc.caseNumber }} as="p" />
      </div>
    );
  }
  if (vc?.status === 'ringing') {
    return (
      <Ringing
        vc={vc}
        onAccept={() => void api.call('video.accept', { caseId: vc.id }).then(onCase, () => undefined)}
        onDecline={() => void api.call('video.decline', { caseId: vc.id }).then(onCase, () => undefined)}
      />
    );
  }
  if (vc && (vc.status === 'active' || vc.status === 'reconnecting')) {
    return <InCall key={vc.id} vc={vc} push={push} onPushDone={() => setPush(null)} />;
  }
  if (notice) {
    return (
      <div className="video-notice" role="status" data-testid="video-notice">
        <Bi k={notice === 'missed' ? 'video.ring.missed' : 'video.call.returned'} as="p" />
      </div>
    );
  }
  return null;
}

/** The call itself; signaling messages of this case go straight to the peer (never through state). */
function InCall(props: { vc: VideoCase; push: PushBody | null; onPushDone(): void }) {
  const call = useKioskCall(props.vc);
  useDoorstepEvent((e) => {
    if (e.type !== 'video' || e.message.type !== 'relay' || e.message.caseId !== props.vc.id) return;
    const { body } = e.message;
    if (body.kind === 'sdp' || body.kind === 'ice' || body.kind === 'ready') call.receive(body);
  });
  return <KioskCallView vc={props.vc} call={call} push={props.push} onPushDone={props.onPushDone} />;
}
