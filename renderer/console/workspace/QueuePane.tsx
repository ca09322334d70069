import type { ServiceItem } from '../../../contract/catalog';
import type { Ticket } from '../../../contract/ticket';
import { useI18n } from '../../shared/i18n';
import { ParkedList } from '../ParkedList';
import { QueuePanel } from '../queue/QueuePanel';
import { Kbd, ShortcutHelp } from '../shortcuts';
import type { StationNames } from './useNames';

// The left of the workspace: the call buttons with the last notice, the live queue this agent can
// call from, their parked tickets, and the keys of every action.

export interface QueuePaneProps {
  waiting: Ticket[];
  parked: Ticket[];
  items: Map<string, ServiceItem>;
  stations: StationNames;
  selected: string | null;
  onSelect: (id: string | null) => void;
  staffId: string;
  /** The agent has a current ticket (calling another is refused until it is done or parked). */
  hasCurrent: boolean;
  busy: boolean;
  notice: string | null;
  callNext: () => void;
  callSelected: () => void;
  resume: (tk: Ticket) => void;
}

export function QueuePane(p: QueuePaneProps) {
  const { t } = useI18n();
  const ready = !p.busy;
  return (
    <section className="queue-pane">
      <div className="actions">
        <button
          type="button"
          className="primary"
          data-testid="call-next"
          disabled={!ready}
          onClick={p.callNext}
        >
          {t('console.act.callNext')} <Kbd k="n" />
        </button>
        <button
          type="button"
          data-testid="call-selected"
          disabled={!ready || !p.selected}
          onClick={p.callSelected}
        >
          {t('console.act.callSelected')} <Kbd k="c" />
        </button>
        {p.notice && (
          <span role="status" className="notice" data-testid="notice">
            {p.notice}
          </span>
        )}
      </div>
      {p.hasCurrent && <p className="hint">{t('console.busyHint')}</p>}
      <div className="queue-box ui-panel" data-testid="queue-box">
        <QueuePanel
          waiting={p.waiting}
          items={p.items}
          stations={p.stations}
          selected={p.selected}
          staffId={p.staffId}
          onSelect={p.onSelect}
        />
      </div>
      <ParkedList
        parked={p.parked}
        items={p.items}
        blocked={p.hasCurrent}
        busy={p.busy}
        onResume={p.resume}
      />
      <ShortcutHelp />
    </section>
  );
}
