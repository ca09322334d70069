import { useEffect, useState } from 'react';
import type { VideoCase } from '../../../contract/video';
import type { LinkState } from '../../shared/peer';
import { Bi } from '../../shared/i18n';
import { startRinging } from './ringer';

// The kiosk rings (sound and screen) until the resident answers or the time limit set by central
// passes; the countdown shows how long is left. Meanwhile the connection is made (`link`, shown to
// tests and the technician as data-link: the resident sees only the ring).

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
      <Bi k="video.ring.body" params={{ agent: vc.agentName, ticket: vc.ticketNumber }} as="p" />
      <Bi k="video.ring.left" params={{ n: left }} as="p" />
      <div className="video-actions">
        <button type="button" className="primary big" data-testid="video-accept" onClick={onAccept}>
          <Bi k="video.ring.accept" />
        </button>
        <button type="button" className="big" onClick={onDecline}>
          <Bi k="video.ring.decline" />
        </button>
      </div>
    </div>
  );
}
