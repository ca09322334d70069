import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PushBody, VideoCase } from '../../../contract/video';
import { Bi } from '../../shared/i18n';
import { useDoorstep, useDoorstepEvent } from '../doorstep/useDoorstep';
import { useLive } from '../live/LiveStatus';
import { useSession } from '../session/KioskSession';
import { IdleOverlay, useIdle } from '../session/useIdle';
import { KioskCallView } from './KioskCallView';
import { RatingScreen, type RatingOutcome } from './RatingScreen';
import { Ringing } from './Ringing';
import { setVideoCovering } from './covering';
import { useKioskCall } from './useKioskCall';
import './video.css';
import './call-look.css';

// Remote video assistance on the kiosk, over whatever screen shows: it rings when an agent calls,
// holds the call, then asks for a rating and prints the receipt (回执). Mounted once by the kiosk app.
// The rating screen is under the kiosk's inactivity rule: after the idle time and the countdown with
// no touch, the resident has gone; that counts as a skip, the receipt prints and the session ends.

type After = { vc: VideoCase; step: 'rate' | 'print' | 'printed' | 'print-failed'; rated?: RatingOutcome };
const NOTICE_MS = 8000;
/** Longer when there is more to read (the rating will be sent later). */
const QUEUED_NOTICE_MS = 15_000;
const DEFAULT_IDLE = { idleSec: 60, countdownSec: 10 };

export function VideoLayer() {
  const api = useDoorstep();
  const session = useSession();
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
    (a: After, rated: RatingOutcome) => {
      const next: After = { vc: a.vc, step: 'print', rated };
      setAfter(next);
      void api.call('video.receipt', { caseId: a.vc.id }).then(
        (r) => setAfter({ ...next, step: r.printed ? 'printed' : 'print-failed' }),
        () => setAfter({ ...next, step: 'print-failed' }),
      );
    },
    [api],
  );
  // Once the receipt is out, the resident is thanked; when the thank-you leaves, the session ends and
  // the start screen returns for the next resident (not the finished ticket under it).
  const endSession = session.end;
  useEffect(() => {
    if (after?.step !== 'printed' && after?.step !== 'print-failed') return;
    const timer = setTimeout(
      () => {
        setAfter(null);
        endSession();
      },
      after.rated === 'queued' ? QUEUED_NOTICE_MS : NOTICE_MS,
    );
    return () => clearTimeout(timer);
  }, [after, endSession]);

  const clearPush = useCallback(() => setPush(null), []);

  const covering =
    after !== null || vc?.status === 'ringing' || vc?.status === 'active' || vc?.status === 'reconnecting';
  useEffect(() => {
    setVideoCovering(covering);
  }, [covering]);
  useEffect(() => () => setVideoCovering(false), []);

  if (after?.step === 'rate') return <Rate vc={after.vc} onDone={(rated) => print(after, rated)} />;
  if (after) {
    return (
      <div
        className="video-overlay receipt"
        data-testid="video-receipt"
        data-step={after.step}
        data-rated={after.rated}
      >
        {after.step === 'print' && <Bi k="video.receipt.printing" as="h2" />}
        {after.step === 'printed' && <Bi k="video.receipt.done" as="h2" />}
        {after.step === 'print-failed' && (
          <Bi k="video.receipt.failed" params={{ n: after.vc.caseNumber }} as="h2" />
        )}
        <Bi k="video.rate.case" params={{ n: after.vc.caseNumber }} as="p" />
        {after.rated === 'delivered' && <Bi k="video.rate.thanks" as="p" />}
        {after.step !== 'print' && (
          <p className="video-thanks" data-testid="video-thanks">
            <Bi k="kiosk.video.thanks" />
          </p>
        )}
        {after.rated === 'queued' && (
          <p role="status" className="rating-queued" data-testid="rating-queued">
            <Bi k="video.rate.queued" />
          </p>
        )}
      </div>
    );
  }
  if (vc && (vc.status === 'ringing' || vc.status === 'active' || vc.status === 'reconnecting')) {
    // One component from the first ring to the hang-up: the connection made while ringing is kept.
    return (
      <Call
        key={vc.id}
        vc={vc}
        push={push}
        onPushDone={clearPush}
        onAccept={() => api.call('video.accept', { caseId: vc.id }).then(onCase)}
        onDecline={() => void api.call('video.decline', { caseId: vc.id }).then(onCase, () => undefined)}
      />
    );
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

/** The rating under the kiosk's idle rule: no touch for the idle time and the countdown = skipped. */
function Rate({ vc, onDone }: { vc: VideoCase; onDone(rated: RatingOutcome): void }) {
  const { config } = useLive();
  const session = useSession();
  const idleSec = config?.idleTimeoutSec ?? DEFAULT_IDLE.idleSec;
  const countdownSec = config?.countdownSec ?? DEFAULT_IDLE.countdownSec;
  const settings = useMemo(() => ({ idleSec, countdownSec }), [idleSec, countdownSec]);
  // Skipped: the resident has gone, so the session ends now; the receipt still prints.
  const idle = useIdle(true, settings, () => {
    onDone('skipped');
    session.end();
  });
  return (
    <RatingScreen vc={vc} onDone={onDone}>
      {idle.phase.phase === 'countdown' && (
        <div className="video-idle">
          <IdleOverlay remainingSec={idle.phase.remainingSec} onContinue={idle.touch} />
        </div>
      )}
    </RatingScreen>
  );
}

/**
 * The ring and the call itself; signaling messages of this case go straight to the peer (never
 * through state), from the first ring, so the connection is ready when the resident answers.
 */
function Call(props: {
  vc: VideoCase;
  push: PushBody | null;
  onPushDone(): void;
  onAccept(): Promise<unknown>;
  onDecline(): void;
}) {
  const { vc, onAccept } = props;
  // The camera opens on the press, not after central's confirmation has come back.
  const [answered, setAnswered] = useState(vc.status !== 'ringing');
  const call = useKioskCall(vc, answered || vc.status !== 'ringing');
  useDoorstepEvent((e) => {
    if (e.type !== 'video' || e.message.type !== 'relay' || e.message.caseId !== vc.id) return;
    const { body } = e.message;
    if (body.kind === 'sdp' || body.kind === 'ice' || body.kind === 'ready' || body.kind === 'media')
      call.receive(body);
  });
  const accept = useCallback(() => {
    setAnswered(true);
    // Refused (e.g. the ring timed out at that moment): the case event that follows decides.
    void onAccept().then(undefined, () => setAnswered(false));
  }, [onAccept]);
  if (vc.status === 'ringing') {
    return <Ringing vc={vc} link={call.link} onAccept={accept} onDecline={props.onDecline} />;
  }
  return <KioskCallView vc={vc} call={call} push={props.push} onPushDone={props.onPushDone} />;
}
