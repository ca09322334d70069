import { useCallback, useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { TicketList } from '../../contract/api/tickets';
import type { ErrorCode } from '../../contract/errors';
import { FleetResponse, KioskStatusEvent, type KioskHealthView } from '../../contract/fleet';
import { QueueSummary } from '../../contract/queue';
import { api } from './api';
import { useLiveEvents, type RawEvent } from './useLiveEvents';

// Everything the dashboard shows for one centre: fleet health, queues, and the oldest waiting ticket
// per queue (for "longest wait"). Loaded once, then kept live by events; the fleet is also reloaded
// every FLEET_REFRESH_MS so "last seen" and offline kiosks stay true between events. Mount it with
// key={centreId}: a new centre starts from empty state.

const FLEET_REFRESH_MS = 30_000;
const Queues = z.object({ queues: z.array(QueueSummary) });
const QueueChangedData = z.object({ queues: z.array(QueueSummary) });

export interface CentreData {
  fleet: FleetResponse | null;
  queues: QueueSummary[] | null;
  /** Oldest waiting ticket's issue time (epoch ms) per `${itemId}:${channel}`. */
  oldestWaiting: ReadonlyMap<string, number>;
  error: ErrorCode | null;
  live: boolean;
  /** Server clock minus this machine's, ms: "last seen" and waits are measured on the server's clock. */
  offsetMs: number;
}

function replaceKiosk(fleet: FleetResponse, kiosk: KioskHealthView): FleetResponse {
  const stations = fleet.stations.map((s) =>
    s.station.id !== kiosk.stationId
      ? s
      : {
          ...s,
          kiosks: s.kiosks.some((k) => k.kioskId === kiosk.kioskId)
            ? s.kiosks.map((k) => (k.kioskId === kiosk.kioskId ? kiosk : k))
            : [...s.kiosks, kiosk],
        },
  );
  const counts = { online: 0, faulted: 0, offline: 0 };
  for (const s of stations) for (const k of s.kiosks) counts[k.status]++;
  return { ...fleet, stations, counts };
}

/** queue.changed carries only the queues a change touched: replace those, keep the others. */
function mergeQueues(prev: QueueSummary[] | null, changed: QueueSummary[]): QueueSummary[] | null {
  if (!prev) return prev;
  const key = (q: QueueSummary) => `${q.itemId}:${q.channel}`;
  const byKey = new Map(changed.map((q) => [key(q), q]));
  const merged = prev.map((q) => byKey.get(key(q)) ?? q);
  for (const q of changed) if (!prev.some((p) => key(p) === key(q))) merged.push(q);
  return merged;
}

export function useCentreData(centreId: string | null): CentreData {
  const [fleet, setFleet] = useState<FleetResponse | null>(null);
  const [queues, setQueues] = useState<QueueSummary[] | null>(null);
  const [oldestWaiting, setOldest] = useState<ReadonlyMap<string, number>>(new Map());
  const [error, setError] = useState<ErrorCode | null>(null);
  const [offsetMs, setOffsetMs] = useState(0);
  const ticketsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const loadFleet = useCallback(async () => {
    if (!centreId) return;
    const r = await api(FleetResponse, `/api/v1/admin/fleet?centreId=${encodeURIComponent(centreId)}`);
    if (r.ok) {
      setFleet(r.data);
      setOffsetMs(Date.parse(r.data.serverTime) - Date.now());
    }
    setError(r.ok ? null : r.code);
  }, [centreId]);

  const loadTickets = useCallback(async () => {
    if (!centreId) return;
    const q = `centreId=${encodeURIComponent(centreId)}&status=waiting`;
    const r = await api(TicketList, `/api/v1/tickets?${q}`);
    if (!r.ok) return;
    const oldest = new Map<string, number>();
    for (const t of r.data.tickets) {
      const key = `${t.itemId}:${t.channel}`;
      const at = Date.parse(t.issuedAt);
      oldest.set(key, Math.min(oldest.get(key) ?? at, at));
    }
    setOldest(oldest);
  }, [centreId]);

  const loadQueues = useCallback(async () => {
    if (!centreId) return;
    const r = await api(Queues, `/api/v1/centres/${encodeURIComponent(centreId)}/queues`);
    if (r.ok) setQueues(r.data.queues);
  }, [centreId]);

  const loadAll = useCallback(() => {
    void loadFleet();
    void loadQueues();
    void loadTickets();
  }, [loadFleet, loadQueues, loadTickets]);

  useEffect(() => {
    if (!centreId) return;
    const first = setTimeout(loadAll, 0);
    const id = setInterval(() => void loadFleet(), FLEET_REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [centreId, loadAll, loadFleet]);

  const onEvent = useCallback(
    (e: RawEvent) => {
      if (e.type === 'queue.changed') {
        const d = QueueChangedData.safeParse(e.data);
        if (d.success) setQueues((prev) => mergeQueues(prev, d.data.queues));
      } else if (e.type === 'kiosk.status') {
        const d = KioskStatusEvent.shape.data.safeParse(e.data);
        if (d.success) setFleet((f) => (f ? replaceKiosk(f, d.data.kiosk) : f));
      } else if (e.type === 'config.changed') {
        // An administrator renamed, added or moved something (issue 12): station and item names
        // come with the fleet and the queues, so both are read again.
        void loadFleet();
        void loadQueues();
      }
      if (e.type.startsWith('ticket.')) {
        // A burst of ticket events reloads the waiting list once.
        clearTimeout(ticketsTimer.current);
        ticketsTimer.current = setTimeout(() => void loadTickets(), 300);
      }
    },
    [loadTickets, loadFleet, loadQueues],
  );
  const live = useLiveEvents(centreId, onEvent, loadAll);
  useEffect(() => () => clearTimeout(ticketsTimer.current), []);

  return { fleet, queues, oldestWaiting, error, live, offsetMs };
}
