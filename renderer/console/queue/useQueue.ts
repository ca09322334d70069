import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MyTickets, TicketList } from '../../../contract/api/tickets';
import { ServerMessage } from '../../../contract/events';
import type { Ticket } from '../../../contract/ticket';
import { compareTicketsForCall } from '../../../contract/call-order';
import { api, wsUrl } from '../api';

// The live tickets of a centre: the waiting, called and serving lists and the agent's own open tickets
// (any day, parked ones included: GET /agents/me/tickets) once, then kept current by the event stream
// (/api/v1/events, resumed with `since` after a drop), never by reloading. The agent's own actions
// apply their answer at once (`applyLocal`); events for that ticket older than the answer are skipped
// until the event of the action itself arrives, so a late event never turns a ticket back.

/** The waiting list in the order agents call it: central's own rule (contract/call-order.ts), now. */
export function callOrder(a: Ticket, b: Ticket, now = Date.now()): number {
  return compareTicketsForCall(a, b, now);
}

/** The fields an agent action changes: an event with these is the action's own (or a later one). */
function sameState(a: Ticket, b: Ticket): boolean {
  return (
    a.status === b.status &&
    Boolean(a.parked) === Boolean(b.parked) &&
    (a.recallCount ?? 0) === (b.recallCount ?? 0) &&
    (a.agentId ?? null) === (b.agentId ?? null) &&
    (a.outcome ?? null) === (b.outcome ?? null)
  );
}

const STATUS_RANK: Record<string, number> = { waiting: 0, called: 1, serving: 2 };

/**
 * An event that moved the ticket on from the agent's answer (the resident accepted the video call, so
 * central set it serving): newer, though its state differs from the answer's.
 */
function movedOn(answer: Ticket, event: Ticket): boolean {
  const a = STATUS_RANK[answer.status] ?? 3;
  const e = STATUS_RANK[event.status] ?? 3;
  return e > a || (e === a && (event.recallCount ?? 0) > (answer.recallCount ?? 0));
}

/** How long an action's answer outranks events without its own event arriving (e.g. the stream was down). */
const EXPECT_MS = 15_000;
/** A first connection slower than this counts as lost (the banner shows within 3 s of an outage). */
const CONNECT_MS = 2500;

export interface LiveQueue {
  /** Waiting tickets of the centre in call order. */
  waiting: Ticket[];
  /** The agent's called and serving tickets (parked ones included), oldest call first. */
  mine: Ticket[];
  online: boolean;
  /**
   * The event stream is away: it dropped, or did not say hello within CONNECT_MS of the start. The
   * queue shown may be stale until it is back (then the events missed are replayed with `since`).
   */
  lost: boolean;
  /** The answer of the agent's own action on a ticket. */
  applyLocal(t: Ticket): void;
  /** Counts the administrators' changes seen (config.changed, issue 12): reload names when it moves. */
  configEpoch: number;
}

export function useQueue(centreId: string, staffId: string): LiveQueue {
  const [tickets, setTickets] = useState<Map<string, Ticket>>(new Map());
  const [online, setOnline] = useState(false);
  const [lost, setLost] = useState(false);
  const [configEpoch, setConfigEpoch] = useState(0);
  const expected = useRef(new Map<string, { ticket: Ticket; until: number }>());
  // The last state each ticket's events brought: an action's own event may beat its HTTP answer.
  const lastEvent = useRef(new Map<string, Ticket>());

  const put = useCallback((t: Ticket, onlyIfAbsent = false) => {
    setTickets((m) => {
      if (onlyIfAbsent && m.has(t.id)) return m;
      const n = new Map(m);
      n.set(t.id, t);
      return n;
    });
  }, []);

  const applyLocal = useCallback(
    (t: Ticket) => {
      const ev = lastEvent.current.get(t.id);
      if (ev && (sameState(t, ev) || movedOn(t, ev))) {
        // The action's own event (or a later one) already came: nothing older can follow it, and
        // waiting for it again would hide the next change central makes on its own (a video call
        // returned to the queue).
        put(ev);
        return;
      }
      expected.current.set(t.id, { ticket: t, until: Date.now() + EXPECT_MS });
      put(t);
    },
    [put],
  );

  useEffect(() => {
    let stopped = false;
    let ws: WebSocket | null = null;
    let since = 0;
    let attempts = 0;
    let helloSeen = false;
    const fromEvent = (t: Ticket) => {
      lastEvent.current.set(t.id, t);
      const exp = expected.current.get(t.id);
      if (exp && exp.until > Date.now()) {
        if (!sameState(exp.ticket, t) && !movedOn(exp.ticket, t)) return; // older than the answer
        expected.current.delete(t.id);
      }
      put(t);
    };
    const connect = () => {
      if (stopped) return;
      ws = new WebSocket(wsUrl(`/api/v1/events?centreId=${encodeURIComponent(centreId)}&since=${since}`));
      ws.onmessage = (e) => {
        const m = ServerMessage.safeParse(JSON.parse(String(e.data)));
        if (!m.success) return;
        const msg = m.data;
        if (msg.type === 'hello') {
          attempts = 0;
          helloSeen = true;
          setOnline(true);
          setLost(false);
          if (since === 0) {
            since = msg.lastEventId;
            load(); // read after subscribing: a change in between arrives as an event
          }
          return;
        }
        since = msg.id;
        if (msg.type === 'ticket.issued' || msg.type === 'ticket.updated' || msg.type === 'ticket.called') {
          fromEvent(msg.data.ticket);
        } else if (msg.type === 'config.changed') {
          setConfigEpoch((n) => n + 1);
        }
      };
      ws.onclose = () => {
        setOnline(false);
        if (!stopped) setLost(true);
        if (!stopped) setTimeout(connect, Math.min(5000, 250 * 2 ** attempts++));
      };
    };
    // Lists read at start never replace what an event or an action already brought.
    const seed = (l: TicketList | MyTickets) => {
      if (!stopped) l.tickets.forEach((t) => put(t, true));
    };
    const load = () => {
      for (const status of ['waiting', 'called', 'serving'] as const) {
        void api(
          TicketList,
          'GET',
          `/api/v1/tickets?centreId=${encodeURIComponent(centreId)}&status=${status}`,
        ).then(seed, () => undefined);
      }
      void api(MyTickets, 'GET', '/api/v1/agents/me/tickets').then(seed, () => undefined);
    };
    connect();
    // Without the event stream (yet), still show the lists.
    const fallback = setTimeout(() => since === 0 && load(), 5000);
    const slow = setTimeout(() => !helloSeen && !stopped && setLost(true), CONNECT_MS);
    return () => {
      stopped = true;
      clearTimeout(fallback);
      clearTimeout(slow);
      ws?.close();
    };
  }, [centreId, put]);

  return useMemo(() => {
    const all = [...tickets.values()];
    return {
      waiting: all.filter((t) => t.status === 'waiting').sort((a, b) => callOrder(a, b)),
      mine: all
        .filter((t) => t.agentId === staffId && (t.status === 'called' || t.status === 'serving'))
        .sort((a, b) => (a.calledAt ?? '').localeCompare(b.calledAt ?? '')),
      online,
      lost,
      applyLocal,
      configEpoch,
    };
  }, [tickets, online, lost, staffId, applyLocal, configEpoch]);
}
