import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgentState } from '../../contract/api/agents';
import { CatalogResponse } from '../../contract/api/catalog';
import { PlacesResponse } from '../../contract/api/stations';
import type { StaffMember } from '../../contract/api/auth';
import { CallNextResponse, type TransferRequest } from '../../contract/api/tickets';
import type { Material, ServiceItem } from '../../contract/catalog';
import type { MessageKey } from '../../contract/i18n';
import { Ticket, type TicketOutcome } from '../../contract/ticket';
import { VideoCase } from '../../contract/video';
import { useI18n } from '../shared/i18n';
import { type AgentActivity, AgentBar } from './AgentBar';
import { api, onReachability } from './api';
import { ConnectionBanner } from './ConnectionBanner';
import { CallView } from './call/CallView';
import { CasePanel } from './call/CasePanel';
import { useAgentCall } from './call/useAgentCall';
import { CurrentTicket } from './CurrentTicket';
import { type ConsoleError, ErrorBanner, consoleError, offlineError } from './ErrorBanner';
import { ParkedList } from './ParkedList';
import { QueuePanel } from './queue/QueuePanel';
import { useQueue } from './queue/useQueue';
import { useAlerts } from './useAlerts';
import { TodayFigures } from './TodayFigures';
import { Kbd, ShortcutHelp, ShortcutProvider, useShortcut } from './shortcuts';
import { TransferDialog } from './TransferDialog';

// The agent's workspace: status, skill groups and counter on top; on the left the live queue (the
// groups served now, and tickets transferred to this agent) and the agent's parked tickets; on the
// right the current ticket of any channel with its actions, and for a video ticket the call and case.
// The current and parked tickets are the server's (called / serving by this agent), so a reload finds
// them. Every action has a key (shortcuts.tsx), listed in the help below the queue.

export function Workspace({ staff }: { staff: StaffMember }) {
  return (
    <ShortcutProvider>
      <AgentWorkspace staff={staff} />
    </ShortcutProvider>
  );
}

function AgentWorkspace({ staff }: { staff: StaffMember }) {
  const { t } = useI18n();
  const centreId = staff.centreIds[0] ?? '';
  const [items, setItems] = useState<Map<string, ServiceItem>>(new Map());
  const [stations, setStations] = useState<Map<string, { zh: string; en: string }>>(new Map());
  const [agent, setAgent] = useState<AgentState | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<TicketOutcome>('done');
  const [transferring, setTransferring] = useState(false);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const onError = useCallback((e: unknown) => setError(consoleError(e)), []);
  const call = useAgentCall(onError);
  const queue = useQueue(centreId, staff.id);
  const { applyLocal } = queue;
  const current = queue.mine.find((tk) => !tk.parked) ?? null;
  const parked = queue.mine.filter((tk) => tk.parked);
  const active = agent?.activeSkillGroups;
  // Central away: the event stream dropped, or a request got no answer. Actions are refused at once
  // with a bilingual message (never a silent 5 s wait); when it is back the agent's state is re-read.
  const [apiDown, setApiDown] = useState(false);
  useEffect(() => onReachability((ok) => setApiDown(!ok)), []);
  const offline = queue.lost || apiDown;
  const offlineRef = useRef(offline);
  useEffect(() => {
    offlineRef.current = offline;
  }, [offline]);
  const wasLost = useRef(false);
  useEffect(() => {
    if (queue.lost) {
      wasLost.current = true;
      return;
    }
    if (!wasLost.current || !queue.online) return;
    wasLost.current = false;
    void api(AgentState, 'GET', '/api/v1/agents/me').then(
      (s) => {
        setAgent(s);
        setNotice(t('console.offline.back'));
      },
      () => undefined,
    );
  }, [queue.lost, queue.online, t]);
  // What call-next could give this agent: their groups' open tickets and the ones transferred to them.
  const waiting = useMemo(() => {
    const groups = new Set(active ?? staff.skillGroups);
    return queue.waiting.filter((tk) =>
      tk.agentId ? tk.agentId === staff.id : !tk.skillGroup || groups.has(tk.skillGroup),
    );
  }, [queue.waiting, active, staff.skillGroups, staff.id]);

  // Item and station names, read again when an administrator changes them (config.changed).
  const { configEpoch } = queue;
  useEffect(() => {
    void api(CatalogResponse, 'GET', '/api/v1/catalog').then(
      (r) => setItems(new Map(r.items.map((i) => [i.id, i]))),
      onError,
    );
    void api(PlacesResponse, 'GET', '/api/v1/places').then(
      (r) => setStations(new Map(r.stations.map((s) => [s.id, s.name]))),
      onError,
    );
  }, [onError, configEpoch]);

  useEffect(() => {
    // Opening the console is coming on duty: an agent still "offline" (first sign-in, or signed out)
    // becomes available for their centre, so the dashboard's 在岗人员 counts them and queue estimates
    // include them. A paused agent stays paused.
    void api(AgentState, 'GET', '/api/v1/agents/me').then(
      (s) =>
        s.status === 'offline'
          ? api(AgentState, 'POST', '/api/v1/agents/me/resume', { centreId }).then(setAgent, () =>
              setAgent(s),
            )
          : setAgent(s),
      () => undefined,
    );
  }, [onError, centreId]);

  /** One action at a time (a double key press does not finish twice); its error shown with a hint. */
  const act = useCallback(async (fn: () => Promise<void>, hint?: (e: unknown) => MessageKey | undefined) => {
    if (busyRef.current) return;
    if (offlineRef.current) {
      setNotice(null);
      setError(offlineError('console.offline.refused'));
      return;
    }
    busyRef.current = true;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await fn();
    } catch (e) {
      setError(consoleError(e, hint?.(e)));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, []);

  const took = async (tk: Ticket | null) => {
    if (!tk) return;
    applyLocal(tk);
    setOutcome('done');
    if (tk.channel === 'video') await call.open(tk);
  };
  const refusedCall = (e: unknown) => {
    if ((e as { code?: string }).code !== 'INVALID_TRANSITION') return undefined;
    if (agent?.status === 'paused') return 'console.pausedHint' as const;
    return current ? ('console.busyHint' as const) : undefined;
  };
  // The server draws from the groups chosen in the agent bar (kept with the agent's state).
  const callNext = () =>
    act(async () => {
      const r = await api(CallNextResponse, 'POST', '/api/v1/agents/me/call-next', { centreId });
      await took(r.ticket);
      if (!r.ticket) setNotice(t('console.queueEmpty'));
    }, refusedCall);
  const callSelected = () =>
    act(async () => {
      if (!selected) return;
      // One current ticket at a time (central's call-next rule), also for a ticket chosen out of order.
      if (current) throw Object.assign(new Error(''), { code: 'INVALID_TRANSITION' });
      await took(await api(Ticket, 'POST', `/api/v1/tickets/${selected}/call`, {}));
    }, refusedCall);
  const onTicket = (action: string, body: object = {}) =>
    act(async () => {
      if (!current) return;
      const next = await api(Ticket, 'POST', `/api/v1/tickets/${current.id}/${action}`, body);
      applyLocal(next);
      if (current.channel !== 'video') return;
      if (action === 'recall') await call.open(next);
      if (action === 'no-show' || action === 'park') call.hangup();
    });
  const liveCase = call.current && current && call.current.ticketId === current.id ? call.current : null;
  // In a video call the case panel beside it takes the outcome (with missing materials) and finishes.
  const inCall = liveCase?.status === 'active' || liveCase?.status === 'reconnecting';
  const finish = (chosen: TicketOutcome, missing: Material[]) =>
    act(async () => {
      if (!current) return;
      if (liveCase && inCall) {
        call.setCase(
          await api(VideoCase, 'POST', `/api/v1/video/cases/${liveCase.id}/finish`, {
            outcome: chosen,
            missingMaterials: missing.map((m) => m.name),
          }),
        );
      }
      if (current.channel === 'video') call.hangup();
      applyLocal(await api(Ticket, 'POST', `/api/v1/tickets/${current.id}/finish`, { outcome: chosen }));
      setOutcome('done');
    });
  const transfer = async (body: TransferRequest) => {
    if (!current) return;
    if (liveCase) {
      const target = body.agentId ?? body.skillGroup ?? body.itemId ?? '';
      call.setCase(
        await api(VideoCase, 'POST', `/api/v1/video/cases/${liveCase.id}/transfer`, {
          text: body.note || `→ ${target}`,
        }),
      );
      call.hangup();
    }
    applyLocal(await api(Ticket, 'POST', `/api/v1/tickets/${current.id}/transfer`, body));
    setNotice(t('console.transfer.done', { ticket: current.number }));
  };
  const resume = (tk: Ticket) =>
    act(
      async () => {
        applyLocal(await api(Ticket, 'POST', `/api/v1/tickets/${tk.id}/resume`, {}));
      },
      (e) => ((e as { code?: string }).code === 'INVALID_TRANSITION' ? 'console.resumeHint' : undefined),
    );

  const move = (step: 1 | -1) => {
    const i = waiting.findIndex((w) => w.id === selected);
    const next =
      i < 0 ? (step > 0 ? 0 : waiting.length - 1) : Math.min(waiting.length - 1, Math.max(0, i + step));
    setSelected(waiting[next]?.id ?? null);
  };
  const ready = !busy;
  useShortcut('n', 'console.act.callNext', callNext, ready);
  useShortcut('c', 'console.act.callSelected', callSelected, ready && Boolean(selected));
  useShortcut(
    ['ArrowUp', 'ArrowDown'],
    'console.act.select',
    (k) => move(k === 'ArrowUp' ? -1 : 1),
    waiting.length > 0,
  );

  const c = call.current;
  const showCall = c && current && c.ticketId === current.id;
  const alerts = useAlerts(waiting, liveCase?.status === 'ringing' ? liveCase.id : null);
  useShortcut('b', 'console.act.sound', alerts.toggle);
  const activity: AgentActivity =
    agent?.status === 'paused'
      ? 'paused'
      : inCall && (call.local || call.remote) // media flowing, not a call the agent hung up
        ? 'in_call'
        : current?.status === 'called' || liveCase?.status === 'ringing'
          ? 'calling'
          : current?.status === 'serving'
            ? 'serving'
            : 'available';
  return (
    <main className="workspace" data-offline={offline}>
      {offline && <ConnectionBanner />}
      <AgentBar
        state={agent}
        activity={activity}
        centreId={centreId}
        offline={offline}
        extra={
          <span className="agent-extra">
            <TodayFigures refreshKey={queue.mine.length} />
            <button
              type="button"
              className="quiet"
              data-testid="sound-toggle"
              aria-pressed={alerts.soundOn}
              data-played={alerts.played}
              onClick={alerts.toggle}
            >
              {t(alerts.soundOn ? 'console.sound.on' : 'console.sound.off')} <Kbd k="b" />
            </button>
          </span>
        }
        onState={setAgent}
        onError={onError}
      />
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      <section className="queue-pane">
        <div className="actions">
          <button
            type="button"
            className="primary"
            data-testid="call-next"
            disabled={!ready}
            onClick={callNext}
          >
            {t('console.act.callNext')} <Kbd k="n" />
          </button>
          <button
            type="button"
            data-testid="call-selected"
            disabled={!ready || !selected}
            onClick={callSelected}
          >
            {t('console.act.callSelected')} <Kbd k="c" />
          </button>
          {notice && (
            <span role="status" className="notice" data-testid="notice">
              {notice}
            </span>
          )}
        </div>
        {current && <p className="hint">{t('console.busyHint')}</p>}
        <div className="queue-box ui-panel" data-testid="queue-box">
          <QueuePanel
            waiting={waiting}
            items={items}
            stations={stations}
            selected={selected}
            staffId={staff.id}
            onSelect={setSelected}
          />
        </div>
        <ParkedList parked={parked} items={items} blocked={Boolean(current)} busy={busy} onResume={resume} />
        <ShortcutHelp />
      </section>
      <section
        className="call-pane"
        data-testid="call-pane"
        data-case-status={c?.status ?? ''}
        data-case-number={c?.caseNumber ?? ''}
        data-timeline={c?.timeline.map((e) => e.kind).join(' ') ?? ''}
      >
        <CurrentTicket
          ticket={current}
          item={current ? items.get(current.itemId) : undefined}
          station={current?.stationId ? stations.get(current.stationId) : undefined}
          inCall={inCall}
          callStatus={liveCase?.status ?? null}
          outcome={outcome}
          onOutcome={setOutcome}
          busy={busy}
          configEpoch={configEpoch}
          actions={{
            recall: () => onTicket('recall'),
            ringAgain: () =>
              act(async () => {
                if (current) await call.open(current);
              }),
            start: () => onTicket('start'),
            noShow: () => onTicket('no-show'),
            finish: () => finish(outcome, []),
            park: () => onTicket('park'),
            transfer: () => setTransferring(true),
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
              item={items.get(c.itemId)}
              onFinish={finish}
              onError={onError}
              identifiedBy={current?.identifiedBy ?? null}
            />
          </div>
        )}
      </section>
      {transferring && current && (
        <TransferDialog
          ticket={current}
          centreId={centreId}
          staffId={staff.id}
          items={items}
          onTransfer={transfer}
          onClose={() => setTransferring(false)}
        />
      )}
    </main>
  );
}
