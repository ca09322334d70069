import { useEffect, useMemo, useState } from 'react';
import type { TicketList } from '../../../contract/api/tickets';
import { ServerMessage } from '../../../contract/events';
import type { Ticket } from '../../../contract/ticket';
import { api, wsUrl } from '../api';

// The live queue of a centre: the waiting list once, then kept current by the event stream
// (/api/v1/events, resumed with `since` after a drop), never by reloading.

const RANK = { appointment: 0, priority: 1, normal: 2 } as const;

export function callOrder(a: Ticket, b: Ticket): number {
  return RANK[a.priority] - RANK[b.priority] || a.issuedAt.localeCompare(b.issuedAt);
}

export function useQueue(centreId: string): { waiting: Ticket[]; mine: Ticket[]; online: boolean } {
  const [tickets, setTickets] = useState<Map<string, Ticket>>(new Map());
  const [online, setOnline] = useState(false);

  useEffect(() => {
    let stopped = false;
    let ws: WebSocket | null = null;
    let since = 0;
    let attempts = 0;
    const upsert = (t: Ticket) =>
      setTickets((m) => {
        const n = new Map(m);
        n.set(t.id, t);
        return n;
      });
    const connect = () => {
      if (stopped) return;
      ws = new WebSocket(wsUrl(`/api/v1/events?centreId=${encodeURIComponent(centreId)}&since=${since}`));
      ws.onmessage = (e) => {
        const m = ServerMessage.safeParse(JSON.parse(String(e.data)));
        if (!m.success) return;
        const msg = m.data;
        if (msg.type === 'hello') {
          attempts = 0;
          setOnline(true);
          if (since === 0) since = msg.lastEventId;
          return;
        }
        since = msg.id;
        if (msg.type === 'ticket.issued' || msg.type === 'ticket.updated' || msg.type === 'ticket.called') {
          upsert(msg.data.ticket);
        }
      };
      ws.onclose = () => {
        setOnline(false);
        if (!stopped) setTimeout(connect, Math.min(5000, 250 * 2 ** attempts++));
      };
    };
    for (const status of ['waiting', 'called', 'serving'] as const) {
      void api<TicketList>(
        'GET',
        `/api/v1/tickets?centreId=${encodeURIComponent(centreId)}&status=${status}`,
      ).then(
        (l) => l.tickets.forEach(upsert),
        () => undefined,
      );
    }
    connect();
    return () => {
      stopped = true;
      ws?.close();
    };
  }, [centreId]);

  return useMemo(() => {
    const all = [...tickets.values()];
    return {
      waiting: all.filter((t) => t.status === 'waiting').sort(callOrder),
      mine: all.filter((t) => t.status === 'called' || t.status === 'serving'),
      online,
    };
  }, [tickets, online]);
}
