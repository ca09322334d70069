import type { ServiceItem } from '../../../contract/catalog';
import type { TicketOutcome, Ticket } from '../../../contract/ticket';
import { useI18n } from '../../shared/i18n';
import { CallView } from '../call/CallView';
import { CasePanel } from '../call/CasePanel';
import type { AgentCall } from '../call/useAgentCall';
import { CurrentTicket } from '../CurrentTicket';
import type { StationNames } from './useNames';
import type { useTicketActions } from './useTicketActions';

// The right of the workspace: the current ticket of any channel with its actions, the video call's
// state in words, and for a call under way the picture beside the case panel.

export interface CallPaneProps {
  current: Ticket | null;
  items: Map<string, ServiceItem>;
  stations: StationNames;
  call: AgentCall;
  actions: ReturnType<typeof useTicketActions>;
  outcome: TicketOutcome;
  onOutcome: (o: TicketOutcome) => void;
  busy: boolean;
  configEpoch: number;
  onTransfer: () => void;
  onError: (e: unknown) => void;
}

export function CallPane(p: CallPaneProps) {
  const { t } = useI18n();
  const { current, call, actions: a } = p;
  const c = call.current;
  const showCall = c && current && c.ticketId === current.id;
  return (
    <section
      className="call-pane"
      data-testid="call-pane"
      data-case-status={c?.status ?? ''}
      data-case-number={c?.caseNumber ?? ''}
      data-timeline={c?.timeline.map((e) => e.kind).join(' ') ?? ''}
    >
      <CurrentTicket
        ticket={current}
        item={current ? p.items.get(current.itemId) : undefined}
        station={current?.stationId ? p.stations.get(current.stationId) : undefined}
        inCall={a.inCall}
        callStatus={a.liveCase?.status ?? null}
        outcome={p.outcome}
        onOutcome={p.onOutcome}
        busy={p.busy}
        configEpoch={p.configEpoch}
        actions={{
          recall: () => a.onTicket('recall'),
          ringAgain: a.ringAgain,
          start: () => a.onTicket('start'),
          noShow: () => a.onTicket('no-show'),
          finish: () => a.finish(p.outcome, []),
          park: () => a.onTicket('park'),
          transfer: p.onTransfer,
        }}
      />
      {c?.status === 'ringing' && <p>{t('console.ringing', { ticket: c.ticketNumber })}</p>}
      {c?.status === 'missed' && <p role="status">{t('console.missed')}</p>}
      {c?.status === 'declined' && <p role="status">{t('console.declined')}</p>}
      {c?.status === 'returned' && (
        <p role="status" data-testid="returned">
          {t('console.returned')}
        </p>
      )}
      {showCall && (c.status === 'active' || c.status === 'reconnecting') && (
        <div className="call-layout">
          <CallView call={call} onEnd={call.hangup} />
          <CasePanel
            call={call}
            item={p.items.get(c.itemId)}
            onFinish={a.finish}
            onError={p.onError}
            identifiedBy={p.current?.identifiedBy ?? null}
          />
        </div>
      )}
    </section>
  );
}
