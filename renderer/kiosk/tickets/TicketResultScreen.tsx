import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { IssueTicketResult } from '../../../contract/kiosk';
import type { Ticket } from '../../../contract/ticket';
import { Name } from '../common/Texts';
import { Bi, useI18n } from '../../shared/i18n';
import { CodeText } from '../common/Texts';
import { BigButton, Frame } from '../common/Frame';
import { useDoorstep, useDoorstepEvent } from '../doorstep/useDoorstep';
import { useLive } from '../live/LiveStatus';
import { useSpoken } from '../session/elder';
import { useSession } from '../session/KioskSession';
import { estimateRange } from './waits';
import './tickets.css';

const POLL_MS = 3000;

/** The number, large, with a QR to follow it on a phone; the count ahead stays live. */
export function TicketResultScreen({ result }: { result: IssueTicketResult }) {
  const api = useDoorstep();
  const { end } = useSession();
  const { catalog } = useLive();
  const [ticket, setTicket] = useState<Ticket>(result.ticket);
  const item = catalog?.find((i) => i.id === ticket.itemId);
  const range = estimateRange(ticket.estimate);
  useSpoken(result.ticket.channel === 'video' ? 'kiosk.video.stay' : 'kiosk.ticket.yourNumber');

  useDoorstepEvent((e) => {
    if (e.type === 'ticket' && e.ticket.id === ticket.id) setTicket(e.ticket);
  });
  useEffect(() => {
    const timer = setInterval(() => {
      api.call('tickets.get', { ticketId: result.ticket.id }).then(setTicket, () => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, result.ticket.id]);

  const called = ticket.status === 'called' || ticket.status === 'serving';
  // A video ticket is served on this very screen: the resident stays, and a call means "answer here",
  // never "go to a window".
  const video = ticket.channel === 'video';
  // Taken on screen because the printer could not print: the QR is how the resident keeps it.
  const screenOnly = !result.print.printed && result.ticket.printStatus === 'not_printed';
  return (
    <Frame>
      {video && (
        <div className="video-stay" role="status" data-testid="video-stay">
          <Bi k="kiosk.video.waitTitle" as="h2" />
          <Bi k={called ? 'kiosk.video.calling' : 'kiosk.video.stay'} as="p" />
        </div>
      )}
      <div className="ticket-result" data-testid="ticket-result" data-channel={ticket.channel}>
        <div className="ticket-main">
          <Bi k="kiosk.ticket.yourNumber" as="h2" />
          <p className="ticket-number" data-testid="ticket-number">
            {ticket.number}
          </p>
          {item && (
            <div className="ticket-item">
              <Name value={item.name} /> <Bi k={`channel.${ticket.channel}`} />
            </div>
          )}
          {called ? (
            <p className="ticket-ahead called" role="status" data-testid="ticket-called">
              <Bi k={video ? 'kiosk.video.calling' : 'kiosk.ticket.called'} />
            </p>
          ) : (
            ticket.waitingAhead !== null && (
              <p className="ticket-ahead" data-testid="ticket-ahead" aria-live="polite">
                <Bi k="kiosk.ticket.ahead" params={{ n: ticket.waitingAhead }} />
              </p>
            )
          )}
          {!called && (
            <p className="ticket-estimate">
              <Bi k="kiosk.ticket.estimate" />{' '}
              {range ? <Bi k="common.waitRange" params={range} /> : <Bi k="common.waitUnknown" />}
            </p>
          )}
        </div>
        {/* Only a status page a phone can open earns a QR: an offline number has none, and a QR of
            the bare number would be a useless one. */}
        {ticket.statusUrl && (
          <div className="ticket-side">
            <Qr url={ticket.statusUrl} number={ticket.number} />
            <Bi k="kiosk.ticket.scan" as="p" />
          </div>
        )}
      </div>
      <div className="ticket-notes">
        {result.ticket.reprint && (
          <div className="notice info" role="status" data-testid="ticket-reprint">
            <Bi k="kiosk.ticket.reprint" />
          </div>
        )}
        {result.print.printed ? (
          <div className="notice ok" role="status" data-testid="ticket-printed">
            <Bi k={video ? 'kiosk.video.printed' : 'kiosk.ticket.printed'} />
          </div>
        ) : (
          <div
            className="notice warn"
            role="alert"
            data-testid="ticket-not-printed"
            data-screen-only={screenOnly ? 'true' : undefined}
          >
            <Bi k={screenOnly ? 'kiosk.ticket.screenOnly' : 'kiosk.ticket.notPrinted'} />
            {result.print.reason && <CodeText code={result.print.reason} />}
          </div>
        )}
        {result.offline && (
          <div className="notice info" role="status" data-testid="ticket-offline">
            <Bi k="kiosk.ticket.offline" />
          </div>
        )}
      </div>
      <div className="actions">
        <BigButton onClick={end} testId="ticket-done">
          <Bi k={video ? 'kiosk.video.leave' : 'kiosk.ticket.done'} />
        </BigButton>
      </div>
    </Frame>
  );
}

/** The ticket's status-page QR code, drawn as SVG (qrcode's browser build). */
function Qr({ url, number }: { url: string; number: string }) {
  const { t } = useI18n();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [url]);
  if (!src) return <div className="qr qr-pending" />;
  return <img className="qr" src={src} alt={t('kiosk.ticket.qrAlt', { number })} data-testid="ticket-qr" />;
}
