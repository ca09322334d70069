import { useState } from 'react';
import type { MessageKey } from '../../../contract/i18n';
import { Bi } from '../../shared/i18n';
import { BigButton, Frame } from '../common/Frame';
import { useLive, useOffline } from '../live/LiveStatus';
import { useSpoken } from '../session/elder';
import { useSession } from '../session/KioskSession';
import type { Intent } from '../session/machine';
import { waitingFor } from '../tickets/waits';
import { ClosedNotice } from './ClosedNotice';
import './start.css';

interface Tile {
  id: string;
  label: MessageKey;
  /** null: the guide, which needs no identity. */
  intent: Intent | null;
  waiting?: number;
  needsCentral: boolean;
  /** Served by the centre's staff now (window, video): not on a day the centre is closed. */
  needsOpenCentre?: boolean;
}

/** Large tiles with live waiting counts; a card read here greets the resident by name. */
export function StartScreen() {
  const { want, show, end, state } = useSession();
  const { queues, config, today } = useLive();
  // Closed only when central said so for today; unknown (offline, old host) counts as open.
  const closed = today?.open === false;
  const offline = useOffline();
  const [blocked, setBlocked] = useState(false);
  useSpoken('kiosk.speak.start');

  const tiles: Tile[] = [
    {
      id: 'take',
      label: 'kiosk.tile.take',
      intent: { kind: 'take', channel: 'window' },
      waiting: waitingFor(queues, 'window'),
      needsCentral: false,
      needsOpenCentre: true,
    },
    { id: 'check-in', label: 'kiosk.tile.checkIn', intent: { kind: 'appointments' }, needsCentral: true },
    {
      id: 'video',
      label: 'kiosk.tile.video',
      intent: { kind: 'take', channel: 'video' },
      waiting: waitingFor(queues, 'video'),
      needsCentral: true,
      needsOpenCentre: true,
    },
    { id: 'guide', label: 'kiosk.tile.guide', intent: null, needsCentral: false },
    { id: 'book', label: 'kiosk.tile.book', intent: { kind: 'booking' }, needsCentral: true },
  ];
  const who = state.identity;

  return (
    <Frame>
      {config && (
        <p className="station-name">
          {config.stationName.zh} · {config.stationName.en}
        </p>
      )}
      {who && (
        <div className="greeting" data-testid="greeting">
          <Bi
            k={who.name ? 'kiosk.greeting' : 'kiosk.greetingNoName'}
            params={{ name: who.name ?? '' }}
            as="h2"
          />
          <span className="masked-id">{who.idMasked}</span>
          <BigButton kind="secondary" onClick={end} testId="end-session">
            <Bi k="kiosk.endSession" />
          </BigButton>
        </div>
      )}
      {closed && <ClosedNotice today={today} />}
      {blocked && (
        <div className="notice warn" role="alert" data-testid="needs-central">
          <Bi k="kiosk.offline.needsCentral" as="p" />
        </div>
      )}
      <div className="tiles">
        {tiles.map((tile) => (
          <button
            key={tile.id}
            type="button"
            className={`tile tile-${tile.id}${offline && tile.needsCentral ? ' tile-dim' : ''}`}
            data-testid={`tile-${tile.id}`}
            disabled={closed && tile.needsOpenCentre}
            onClick={() => {
              if (offline && tile.needsCentral) setBlocked(true);
              else if (tile.intent) want(tile.intent);
              else show({ name: 'guide' });
            }}
          >
            <Bi k={tile.label} />
            {tile.waiting !== undefined && !(closed && tile.needsOpenCentre) && (
              <span className="tile-waiting" data-testid={`waiting-${tile.id}`}>
                <Bi k="kiosk.tile.waiting" params={{ n: tile.waiting }} />
              </span>
            )}
          </button>
        ))}
      </div>
    </Frame>
  );
}
