import type { AgentState } from '../../../contract/api/agents';
import { CallNextResponse, type TransferRequest } from '../../../contract/api/tickets';
import type { Material } from '../../../contract/catalog';
import { Ticket, type TicketOutcome } from '../../../contract/ticket';
import { VideoCase } from '../../../contract/video';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import type { AgentCall } from '../call/useAgentCall';
import type { Act } from './useGuardedAction';

// What the agent does with tickets — call next, call the chosen one, act on the current one, finish,
// transfer, resume a parked one — each one guarded action against central; a video ticket's call and
// case follow its ticket (opened when called, hung up when parked, finished or transferred).

export interface TicketActionsInput {
  act: Act;
  call: AgentCall;
  applyLocal: (t: Ticket) => void;
  current: Ticket | null;
  selected: string | null;
  agent: AgentState | null;
  centreId: string;
  setNotice: (n: string | null) => void;
  setOutcome: (o: TicketOutcome) => void;
}

export function useTicketActions(p: TicketActionsInput) {
  const { t } = useI18n();
  const { act, call, applyLocal, current } = p;
  const liveCase = call.current && current && call.current.ticketId === current.id ? call.current : null;
  // In a video call the case panel beside it takes the outcome (with missing materials) and finishes.
  const inCall = liveCase?.status === 'active' || liveCase?.status === 'reconnecting';

  const took = async (tk: Ticket | null) => {
    if (!tk) return;
    applyLocal(tk);
    p.setOutcome('done');
    if (tk.channel === 'video') await call.open(tk);
  };
  const refusedCall = (e: unknown) => {
    if ((e as { code?: string }).code !== 'INVALID_TRANSITION') return undefined;
    if (p.agent?.status === 'paused') return 'console.pausedHint' as const;
    return current ? ('console.busyHint' as const) : undefined;
  };
  // The server draws from the groups chosen in the agent bar (kept with the agent's state).
  const callNext = () =>
    act(async () => {
      const r = await api(CallNextResponse, 'POST', '/api/v1/agents/me/call-next', { centreId: p.centreId });
      await took(r.ticket);
      if (!r.ticket) p.setNotice(t('console.queueEmpty'));
    }, refusedCall);
  const callSelected = () =>
    act(async () => {
      if (!p.selected) return;
      // One current ticket at a time (central's call-next rule), also for a ticket chosen out of order.
      if (current) throw Object.assign(new Error(''), { code: 'INVALID_TRANSITION' });
      await took(await api(Ticket, 'POST', `/api/v1/tickets/${p.selected}/call`, {}));
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
  const ringAgain = () =>
    act(async () => {
      if (current) await call.open(current);
    });
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
      p.setOutcome('done');
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
    p.setNotice(t('console.transfer.done', { ticket: current.number }));
  };
  const resume = (tk: Ticket) =>
    act(
      async () => {
        applyLocal(await api(Ticket, 'POST', `/api/v1/tickets/${tk.id}/resume`, {}));
      },
      (e) => ((e as { code?: string }).code === 'INVALID_TRANSITION' ? 'console.resumeHint' : undefined),
    );
  return { liveCase, inCall, callNext, callSelected, onTicket, ringAgain, finish, transfer, resume };
}
