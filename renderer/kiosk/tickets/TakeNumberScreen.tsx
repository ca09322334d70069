import { useEffect, useState } from 'react';
import type { Channel, ServiceItem } from '../../../contract/catalog';
import type { PriorityClaim } from '../../../contract/api/tickets';
import { Name } from '../common/Texts';
import { Bi } from '../../shared/i18n';
import { CodeText, printerCode } from '../common/Texts';
import { BigButton, Frame, Pager } from '../common/Frame';
import { codeOf } from '../doorstep/errors';
import { useDoorstep } from '../doorstep/useDoorstep';
import { useLive, useOffline } from '../live/LiveStatus';
import { pageOf } from '../guide/search';
import { useFittingPageSize } from '../common/fit';
import { useSpoken } from '../session/elder';
import { useSession } from '../session/KioskSession';
import { estimateRange, queueOf } from './waits';
import './tickets.css';

/** 取号: choose the item, see the waiting count and estimated range, confirm; the ticket prints (or,
 * with the printer unable to print, the number is taken on screen with its QR). */
export function TakeNumberScreen({ channel, itemId }: { channel: Channel; itemId?: string }) {
  const { catalog } = useLive();
  const { ref: listRef, size: pageSize } = useFittingPageSize<HTMLUListElement>();
  const offline = useOffline();
  const [chosen, setChosen] = useState<string | null>(itemId ?? null);
  const [page, setPage] = useState(0);
  useSpoken('kiosk.take.title');
  // Offline, only window tickets from leased number blocks can be issued.
  const items = (catalog ?? []).filter(
    (i) => i.channels.includes(channel) && (!offline || channel === 'window'),
  );
  const item = items.find((i) => i.id === chosen);
  const title = channel === 'video' ? 'kiosk.take.videoTitle' : 'kiosk.take.title';

  if (item) return <Confirm item={item} channel={channel} onBack={() => setChosen(null)} />;
  const { items: shown, pages } = pageOf(items, page, pageSize);
  return (
    <Frame title={<Bi k={title} as="h2" />}>
      {catalog && items.length === 0 && (
        <Bi k={offline ? 'kiosk.offline.needsCentral' : 'kiosk.take.none'} as="p" />
      )}
      <ul className="item-list" data-testid="take-items" ref={listRef}>
        {shown.map((i) => (
          <li key={i.id}>
            <ItemChoice item={i} channel={channel} onChoose={() => setChosen(i.id)} />
          </li>
        ))}
      </ul>
      <Pager page={Math.min(page, pages - 1)} pages={pages} onPage={setPage} />
    </Frame>
  );
}

function ItemChoice({ item, channel, onChoose }: { item: ServiceItem; channel: Channel; onChoose(): void }) {
  const { queues } = useLive();
  const q = queueOf(queues, item.id, channel);
  return (
    <button type="button" className="item-button" onClick={onChoose} data-testid={`take-item-${item.code}`}>
      <Name value={item.name} />
      <span className="item-waiting" data-testid={`item-waiting-${item.code}`}>
        <Bi k="common.waiting" params={{ n: q?.waiting ?? 0 }} />
      </span>
    </button>
  );
}

function Confirm({ item, channel, onBack }: { item: ServiceItem; channel: Channel; onBack(): void }) {
  const api = useDoorstep();
  const { queues, devices } = useLive();
  const { dispatch, fail, want, show } = useSession();
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [fresh, setFresh] = useState(devices);
  const q = queueOf(queues, item.id, channel);
  const range = estimateRange(q?.estimate);
  const status = fresh ?? devices;
  const canPrint = status?.canPrint ?? true;
  // A printer refusal from the host (its check right before issuing) also means: offer the screen.
  const printable = canPrint && !refused;
  const offline = useOffline();
  // The priority claims central offers (with the catalog); none offline (a leased number is normal).
  const [claims, setClaims] = useState<PriorityClaim[]>([]);
  const [claim, setClaim] = useState<PriorityClaim | null>(null);
  useSpoken('kiosk.take.confirmTitle');

  useEffect(() => {
    api.call('catalog.get', {}).then(
      (r) => setClaims(r.priorityClaims ?? []),
      () => undefined,
    );
  }, [api]);

  // Ask the host right before issuing, so a printer without paper is known before the number exists.
  useEffect(() => {
    api.call('devices.status', {}).then(setFresh, () => undefined);
  }, [api, devices]);

  const issue = () => {
    setBusy(true);
    setRefused(null);
    // A printer known not to print: the number is issued for the screen (and the phone, by QR) only.
    const priority = claim && !offline ? { priorityClaim: claim } : {};
    api.call('tickets.issue', { itemId: item.id, channel, screenOnly: !printable, ...priority }).then(
      (result) => dispatch({ type: 'issued', result }),
      (err: unknown) => {
        // A device refusal (the printer checked before any number exists) stays on this screen with
        // what to do instead; anything else is the error screen.
        const code = codeOf(err);
        if (!/^DEVICE_/.test(code)) return fail(err);
        setBusy(false);
        setRefused(code);
      },
    );
  };
  return (
    <Frame title={<Bi k="kiosk.take.confirmTitle" as="h2" />}>
      <div className="confirm" data-testid="confirm">
        <Name value={item.name} as="h3" />
        <Bi k={`channel.${channel}`} as="p" />
        <p className="confirm-waiting" data-testid="confirm-waiting">
          <Bi k="common.waiting" params={{ n: q?.waiting ?? 0 }} />
        </p>
        <p className="confirm-estimate">
          <Bi k="kiosk.ticket.estimate" />{' '}
          {range ? <Bi k="common.waitRange" params={range} /> : <Bi k="common.waitUnknown" />}
        </p>
        {claims.length > 0 && !offline && (
          <PriorityChoice
            claims={claims}
            chosen={claim}
            onChoose={setClaim}
            disabled={busy}
            video={channel === 'video'}
          />
        )}
        {!canPrint && (
          <div className="notice warn" role="alert" data-testid="printer-warning">
            <CodeText code={printerCode(status?.printer.state)} />
            <Bi k="kiosk.take.cannotPrint" as="p" />
          </div>
        )}
        {refused && (
          <div className="notice warn" role="alert" data-testid="issue-refused">
            <CodeText code={refused} />
            <Bi k="kiosk.take.refused" as="p" />
            <div className="actions">
              <BigButton kind="secondary" onClick={() => want({ kind: 'booking' })}>
                <Bi k="kiosk.tile.book" />
              </BigButton>
              <BigButton kind="secondary" onClick={() => show({ name: 'guide' })}>
                <Bi k="kiosk.tile.guide" />
              </BigButton>
            </div>
          </div>
        )}
        {busy && <Bi k="kiosk.take.issuing" as="p" />}
        <div className="actions">
          <BigButton kind="secondary" onClick={onBack} disabled={busy}>
            <Bi k="common.back" />
          </BigButton>
          <BigButton onClick={issue} disabled={busy} testId="confirm-take">
            <Bi k={printable ? 'kiosk.take.confirm' : 'kiosk.take.screenOnly'} />
          </BigButton>
        </div>
      </div>
    </Frame>
  );
}

/** 我需要优先办理: optional; the reasons central offers as big toggle buttons, and what staff will check. */
function PriorityChoice({
  claims,
  chosen,
  onChoose,
  disabled,
  video,
}: {
  video: boolean;
  claims: PriorityClaim[];
  chosen: PriorityClaim | null;
  onChoose(c: PriorityClaim | null): void;
  disabled: boolean;
}) {
  return (
    <fieldset className="priority-choice" data-testid="priority-choice">
      <legend>
        <Bi k="kiosk.priority.question" />
      </legend>
      <div className="actions">
        {claims.map((c) => (
          <button
            key={c}
            type="button"
            className={`big-button ${chosen === c ? 'primary' : 'secondary'}`}
            aria-pressed={chosen === c}
            disabled={disabled}
            onClick={() => onChoose(chosen === c ? null : c)}
            data-testid={`priority-${c}`}
          >
            <Bi k={`kiosk.priority.claim.${c}`} />
          </button>
        ))}
        <button
          type="button"
          className={`big-button ${chosen === null ? 'primary' : 'secondary'}`}
          aria-pressed={chosen === null}
          disabled={disabled}
          onClick={() => onChoose(null)}
          data-testid="priority-none"
        >
          <Bi k="kiosk.priority.none" />
        </button>
      </div>
      {/* A video resident never reaches a window: the certificate is shown to the camera. */}
      <Bi k={video ? 'kiosk.priority.noteVideo' : 'kiosk.priority.note'} as="p" />
    </fieldset>
  );
}
