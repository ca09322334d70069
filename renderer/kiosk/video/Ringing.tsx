import { useEffect, useState } from 'react';
import type { VideoCase } from '../../../contract/video';
import type { LinkState } from '../../shared/peer';
import { Bi } from '../../shared/i18n';
import { AgentCard } from './AgentCard';
import { startRinging } from './ringer';

// The kiosk rings (sound and screen) until the resident answers or the time limit set by central
// passes; the countdown shows how long is left. Laid out for a resident a step away: who calls in
// large type, one large green Answer key, the countdown under it. Meanwhile the connection is made
// (`link`, shown to tests and the technician as data-link: the resident sees only the ring).

export function Ringing({
  vc,
  link,
  onAccept,
  onDecline,
}: {
  vc: VideoCase;
  link: LinkState;
  onAccept(): void;
  onDecline(): void;
}) {
  const until = vc.ringUntil ? Date.parse(vc.ringUntil) : 0;
  const [left, setLeft] = useState(() => Math.max(0, Math.ceil((until - Date.now()) / 1000)));
  useEffect(() => startRinging(), []);
  useEffect(() => {
    const timer = setInterval(() => setLeft(Math.max(0, Math.ceil((until - Date.now()) / 1000))), 500);
    return () => clearInterval(timer);
  }, [until]);
  return (
    <div
      className="video-overlay ringing"
      role="alertdialog"
      aria-labelledby="ring-title"
      data-testid="video-ringing"
      data-link={link}
    >
      <div className="ring-pulse" aria-hidden="true" />
      <span id="ring-title">
        <Bi k="video.ring.title" as="h2" />
      </span>
      <AgentCard name={vc.agentName} />
      <p className="ring-for" data-testid="ring-for">
        <Bi k="kiosk.video.ringFor" params={{ ticket: vc.ticketNumber }} />
      </p>
      <Bi k="kiosk.video.ringHint" as="p" />
      <div className="video-actions ring-actions">
        <button type="button" className="primary big answer" data-testid="video-accept" onClick={onAccept}>
          <Bi k="video.ring.accept" />
        </button>
        <button type="button" className="big" data-testid="video-decline" onClick={onDecline}>
          <Bi k="video.ring.decline" />
        </button>
      </div>
      <p className="ring-left" data-testid="ring-left">
        <Bi k="video.ring.left" params={{ n: left }} />
      </p>
    </div>
  );
}
