import { useEffect, useMemo, useState } from 'react';
import type { StaffMember } from '../../contract/api/auth';
import type { Ticket, TicketOutcome } from '../../contract/ticket';
import { useI18n } from '../shared/i18n';
import { type AgentActivity, AgentBar } from './AgentBar';
import { onReachability } from './api';
import { ConnectionBanner } from './ConnectionBanner';
import { type AgentCall, useAgentCall } from './call/useAgentCall';
import { ErrorBanner } from './ErrorBanner';
import { useQueue } from './queue/useQueue';
import { useAlerts } from './useAlerts';
import { TodayFigures } from './TodayFigures';
import { Kbd, ShortcutProvider, useShortcut } from './shortcuts';
import { TransferDialog } from './TransferDialog';
import { CallPane } from './workspace/CallPane';
import { QueuePane } from './workspace/QueuePane';
import { useAgentState } from './workspace/useAgentState';
import { useGuardedAction } from './workspace/useGuardedAction';
import { useNames } from './workspace/useNames';
import { useTicketActions } from './workspace/useTicketActions';

// The agent's workspace: status, skill groups and counter on top; on the left the live queue (the
// groups served now, and tickets transferred to this agent) and the agent's parked tickets; on the
// right the current ticket of any channel with its actions, and for a video ticket the call and case.
// The current and parked tickets are the server's (called / serving by this agent), so a reload finds
// them. Every action has a key (shortcuts.tsx), listed in the help below the queue. The parts live in
// workspace/: the data hooks (agent state, names), the guarded actions, and the two panes.

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
  const [selected, setSelected] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<TicketOutcome>('done');
  const [transferring, setTransferring] = useState(false);
  const queue = useQueue(centreId, staff.id);
  // Central away: the event stream dropped, or a request got no answer. Actions are refused at once
  // with a bilingual message (never a silent 5 s wait); when it is back the agent's state is re-read.
  const [apiDown, setApiDown] = useState(false);
  useEffect(() => onReachability((ok) => setApiDown(!ok)), []);
  const offline = queue.lost || apiDown;
  const guard = useGuardedAction(offline);
  const { onError, setNotice } = guard;
  const call = useAgentCall(onError);
  const [agent, setAgent] = useAgentState(centreId, queue, () => setNotice(t('console.offline.back')));
  const { items, stations } = useNames(queue.configEpoch, onError);
  const current = queue.mine.find((tk) => !tk.parked) ?? null;
  const parked = queue.mine.filter((tk) => tk.parked);
  const active = agent?.activeSkillGroups;
  // What call-next could give this agent: their groups' open tickets and the ones transferred to them.
  const waiting = useMemo(() => {
    const groups = new Set(active ?? staff.skillGroups);
    return queue.waiting.filter((tk) =>
      tk.agentId ? tk.agentId === staff.id : !tk.skillGroup || groups.has(tk.skillGroup),
    );
  }, [queue.waiting, active, staff.skillGroups, staff.id]);
  const actions = useTicketActions({
    act: guard.act,
    call,
    applyLocal: queue.applyLocal,
    current,
    selected,
    agent,
    centreId,
    setNotice,
    setOutcome,
  });
  const ready = !guard.busy;
  useShortcut('n', 'console.act.callNext', actions.callNext, ready);
  useShortcut('c', 'console.act.callSelected', actions.callSelected, ready && Boolean(selected));
  useSelectKeys(waiting, selected, setSelected);
  const alerts = useAlerts(waiting, actions.liveCase?.status === 'ringing' ? actions.liveCase.id : null);
  useShortcut('b', 'console.act.sound', alerts.toggle);
  return (
    <main className="workspace" data-offline={offline}>
      {offline && <ConnectionBanner />}
      <AgentBar
        state={agent}
        activity={activityOf(agent?.status, current, actions.liveCase, actions.inCall, call)}
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
      {guard.error && <ErrorBanner error={guard.error} onDismiss={() => guard.setError(null)} />}
      <QueuePane
        waiting={waiting}
        parked={parked}
        items={items}
        stations={stations}
        selected={selected}
        onSelect={setSelected}
        staffId={staff.id}
        hasCurrent={Boolean(current)}
        busy={guard.busy}
        notice={guard.notice}
        callNext={actions.callNext}
        callSelected={actions.callSelected}
        resume={actions.resume}
      />
      <CallPane
        current={current}
        items={items}
        stations={stations}
        call={call}
        actions={actions}
        outcome={outcome}
        onOutcome={setOutcome}
        busy={guard.busy}
        configEpoch={queue.configEpoch}
        onTransfer={() => setTransferring(true)}
        onError={onError}
      />
      {transferring && current && (
        <TransferDialog
          ticket={current}
          centreId={centreId}
          staffId={staff.id}
          items={items}
          onTransfer={actions.transfer}
          onClose={() => setTransferring(false)}
        />
      )}
    </main>
  );
}

/** ↑/↓ move the selection through the tickets the agent can call. */
function useSelectKeys(waiting: Ticket[], selected: string | null, select: (id: string | null) => void) {
  const move = (step: 1 | -1) => {
    const i = waiting.findIndex((w) => w.id === selected);
    const next =
      i < 0 ? (step > 0 ? 0 : waiting.length - 1) : Math.min(waiting.length - 1, Math.max(0, i + step));
    select(waiting[next]?.id ?? null);
  };
  useShortcut(
    ['ArrowUp', 'ArrowDown'],
    'console.act.select',
    (k) => move(k === 'ArrowUp' ? -1 : 1),
    waiting.length > 0,
  );
}

/** What the agent is doing, for the status light in the agent bar. */
function activityOf(
  status: string | undefined,
  current: Ticket | null,
  liveCase: AgentCall['current'],
  inCall: boolean,
  call: AgentCall,
): AgentActivity {
  if (status === 'paused') return 'paused';
  if (inCall && (call.local || call.remote)) return 'in_call'; // media flowing, not a call the agent hung up
  if (current?.status === 'called' || liveCase?.status === 'ringing') return 'calling';
  return current?.status === 'serving' ? 'serving' : 'available';
}
