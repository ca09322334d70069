import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AgentState } from '../../contract/api/agents';
import type { StaffMember } from '../../contract/api/auth';
import type { CallNextResponse } from '../../contract/api/tickets';
import type { Material, ServiceItem } from '../../contract/catalog';
import type { Ticket, TicketOutcome } from '../../contract/ticket';
import type { VideoCase } from '../../contract/video';
import { useI18n } from '../shared/i18n';
import { AgentBar } from './AgentBar';
import { api } from './api';
import { CallView } from './call/CallView';
import { CasePanel } from './call/CasePanel';
import { useAgentCall } from './call/useAgentCall';
import { QueuePanel } from './queue/QueuePanel';
import { useQueue } from './queue/useQueue';
import { useShortcuts } from './useShortcuts';

// The agent's workspace: status, skill groups and counter on top, the live queue on the left (only the
// groups served now), the current ticket's call and case on the right. Every action has a key
// (useShortcuts).

interface Places {
  stations: Array<{ id: string; name: { zh: string; en: string } }>;
}

export function Workspace({ staff }: { staff: StaffMember }) {
  const { t } = useI18n();
  const centreId = staff.centreIds[0] ?? '';
  const [items, setItems] = useState<Map<string, ServiceItem>>(new Map());
  const [stations, setStations] = useState<Map<string, { zh: string; en: string }>>(new Map());
  const [agent, setAgent] = useState<AgentState | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [transferTo, setTransferTo] = useState('');
  const [transferNote, setTransferNote] = useState('');
  const onError = useCallback((e: unknown) => setError((e as Error).message), []);
  const call = useAgentCall(onError);
  const queue = useQueue(centreId);
  const active = agent?.activeSkillGroups;
  const waiting = useMemo(() => {
    const groups = new Set(active ?? staff.skillGroups);
    return queue.waiting.filter((tk) => !tk.skillGroup || groups.has(tk.skillGroup));
  }, [queue.waiting, active, staff.skillGroups]);

  useEffect(() => {
    void api<{ items: ServiceItem[] }>('GET', '/api/v1/catalog').then(
      (r) => setItems(new Map(r.items.map((i) => [i.id, i]))),
      onError,
    );
    void api<Places>('GET', '/api/v1/places').then(
      (r) => setStations(new Map(r.stations.map((s) => [s.id, s.name]))),
      onError,
    );
    void api<AgentState>('GET', '/api/v1/agents/me').then(setAgent, () => undefined);
  }, [onError]);

  const act = useCallback(
    async (fn: () => Promise<void>) => {
      setError(null);
      try {
        await fn();
      } catch (e) {
        onError(e);
      }
    },
    [onError],
  );
  const took = useCallback(
    async (tk: Ticket | null) => {
      setTicket(tk);
      if (tk?.channel === 'video') await call.open(tk);
    },
    [call],
  );
  // The server draws from the groups chosen in the agent bar (kept with the agent's state).
  const callNext = () =>
    act(async () => {
      await took((await api<CallNextResponse>('POST', '/api/v1/agents/me/call-next', { centreId })).ticket);
    });
  const callSelected = () =>
    act(async () => {
      if (selected) await took(await api<Ticket>('POST', `/api/v1/tickets/${selected}/call`, {}));
    });
  const ticketAction = (action: string, body: object = {}) =>
    act(async () => {
      if (!ticket) return;
      const next = await api<Ticket>('POST', `/api/v1/tickets/${ticket.id}/${action}`, body);
      if (action === 'recall' && ticket.channel === 'video') await call.open(next);
      if (['no-show', 'transfer', 'park'].includes(action)) {
        call.hangup();
        setTicket(null);
      } else setTicket(next);
    });
  const transfer = () =>
    act(async () => {
      if (!ticket || !transferTo) return;
      const c = call.current;
      if (c)
        call.setCase(
          await api<VideoCase>('POST', `/api/v1/video/cases/${c.id}/transfer`, {
            text: transferNote || `→ ${transferTo}`,
          }),
        );
      const target = transferTo.startsWith('group:')
        ? { skillGroup: transferTo.slice(6) }
        : { agentId: transferTo };
      await ticketAction('transfer', target);
    });
  const finish = (outcome: TicketOutcome, missing: Material[]) =>
    act(async () => {
      const c = call.current;
      if (c)
        call.setCase(
          await api<VideoCase>('POST', `/api/v1/video/cases/${c.id}/finish`, {
            outcome,
            missingMaterials: missing.map((m) => m.name),
          }),
        );
      call.hangup();
      if (ticket) await api('POST', `/api/v1/tickets/${ticket.id}/finish`, { outcome });
      setTicket(null);
    });

  useShortcuts({
    n: callNext,
    c: callSelected,
    r: () => ticketAction('recall'),
    x: () => ticketAction('no-show'),
    t: transfer,
    p: () => ticketAction('park'),
    ArrowDown: () =>
      setSelected(
        waiting[Math.min(waiting.length - 1, waiting.findIndex((w) => w.id === selected) + 1)]?.id ?? null,
      ),
    ArrowUp: () =>
      setSelected(waiting[Math.max(0, waiting.findIndex((w) => w.id === selected) - 1)]?.id ?? null),
  });

  const c = call.current;
  const showCall = c && ticket && c.ticketId === ticket.id;
  return (
    <main className="workspace">
      <AgentBar state={agent} centreId={centreId} onState={setAgent} onError={onError} />
      {error && (
        <p role="alert" className="error">
          {t('console.error', { msg: error })}
        </p>
      )}
      <section className="queue-pane">
        <div className="actions">
          <button type="button" data-testid="call-next" onClick={callNext}>
            {t('console.callNext')}
          </button>
          <button type="button" disabled={!selected} onClick={callSelected}>
            {t('console.callThis')}
          </button>
          <button type="button" disabled={ticket?.status !== 'called'} onClick={() => ticketAction('recall')}>
            {t('console.recall')}
          </button>
          <button
            type="button"
            disabled={ticket?.status !== 'called'}
            onClick={() => ticketAction('no-show')}
          >
            {t('console.noShow')}
          </button>
          <button
            type="button"
            disabled={!ticket?.status || ticket.status !== 'serving'}
            onClick={() => ticketAction('park')}
          >
            {t('console.park')}
          </button>
        </div>
        <div className="transfer">
          <input
            aria-label={t('console.transferTo')}
            placeholder={t('console.transferTo')}
            value={transferTo}
            onChange={(e) => setTransferTo(e.target.value)}
          />
          <input
            aria-label={t('console.transferNote')}
            placeholder={t('console.transferNote')}
            value={transferNote}
            onChange={(e) => setTransferNote(e.target.value)}
          />
          <button type="button" disabled={!ticket || !transferTo} onClick={transfer}>
            {t('console.transfer')}
          </button>
        </div>
        <QueuePanel
          waiting={waiting}
          items={items}
          stations={stations}
          selected={selected}
          onSelect={setSelected}
        />
        <p className="shortcuts">{t('console.shortcuts')}</p>
      </section>
      <section
        className="call-pane"
        data-testid="call-pane"
        data-case-status={c?.status ?? ''}
        data-case-number={c?.caseNumber ?? ''}
        data-timeline={c?.timeline.map((e) => e.kind).join(' ') ?? ''}
      >
        {ticket && <h2 data-testid="current-ticket">{ticket.number}</h2>}
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
            <CasePanel call={call} item={items.get(c.itemId)} onFinish={finish} onError={onError} />
          </div>
        )}
      </section>
    </main>
  );
}
