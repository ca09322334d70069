import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { KioskConfigView, KioskDeviceStatus, LinkStatus } from '../../../contract/kiosk';
import type { OpenToday } from '../../../contract/api/admin-calendar';
import type { ServiceItem } from '../../../contract/catalog';
import type { QueueSummary } from '../../../contract/queue';
import { useDoorstep, useDoorstepEvent } from '../doorstep/useDoorstep';

// What every screen may show at any time: station config, waiting counts, devices and the central
// link. Loaded once, then kept current by host events (with a slow poll of the counts as a safety net).
// An administrator's change (the host's `config` event) reloads the names and today's opening at once;
// the catalogue is only marked stale and reloaded by <ConfigRefresher> when no resident is at the kiosk.

export interface Live {
  config: KioskConfigView | null;
  queues: QueueSummary[];
  /** The service catalog (the host keeps a copy for offline use). */
  catalog: ServiceItem[] | null;
  devices: KioskDeviceStatus | null;
  link: LinkStatus | null;
  /** Is the centre open today; null while unknown (treated as open: the kiosk never locks itself). */
  today: OpenToday | null;
  /** An administrator changed the catalogue since it was loaded: reload when no session runs. */
  catalogStale: boolean;
  refreshQueues(): void;
  refreshCatalog(): void;
}

const LiveContext = createContext<Live | null>(null);
const QUEUE_POLL_MS = 15_000;
/** Today's opening is asked again this often, so a closed kiosk opens by itself the next morning. */
const TODAY_POLL_MS = 60_000;

export function LiveProvider({ children }: { children: ReactNode }) {
  const api = useDoorstep();
  const [config, setConfig] = useState<KioskConfigView | null>(null);
  const [queues, setQueues] = useState<QueueSummary[]>([]);
  const [catalog, setCatalog] = useState<ServiceItem[] | null>(null);
  const [devices, setDevices] = useState<KioskDeviceStatus | null>(null);
  const [link, setLink] = useState<LinkStatus | null>(null);
  const [today, setToday] = useState<OpenToday | null>(null);
  const [catalogStale, setCatalogStale] = useState(false);

  const refreshQueues = useCallback(() => {
    api.call('queues.get', {}).then(
      (r) => setQueues(r.queues),
      () => undefined, // offline: keep the last counts
    );
  }, [api]);

  const refreshCatalog = useCallback(() => {
    api.call('catalog.get', {}).then(
      (r) => {
        setCatalog(r.items.filter((i) => i.active));
        setCatalogStale(false);
      },
      () => setCatalog((c) => c ?? []), // stays stale: the next session start tries again
    );
  }, [api]);

  const refreshPlace = useCallback(() => {
    api.call('config.get', {}).then(setConfig, () => undefined);
    api.call('calendar.today', {}).then(
      (r) => setToday(r ?? null), // a host without the channel answers nothing: unknown
      () => setToday(null),
    );
  }, [api]);

  useEffect(() => {
    refreshCatalog();
    refreshPlace();
    api.call('devices.status', {}).then(setDevices, () => undefined);
    api.call('link.status', {}).then(setLink, () => undefined);
    refreshQueues();
    const timer = setInterval(refreshQueues, QUEUE_POLL_MS);
    const todayTimer = setInterval(
      () =>
        api.call('calendar.today', {}).then(
          (r) => setToday(r ?? null), // a host without the channel answers nothing: unknown
          () => setToday(null),
        ),
      TODAY_POLL_MS,
    );
    return () => {
      clearInterval(timer);
      clearInterval(todayTimer);
    };
  }, [api, refreshQueues, refreshCatalog, refreshPlace]);

  useDoorstepEvent((e) => {
    if (e.type === 'queues') setQueues(e.queues);
    else if (e.type === 'devices') setDevices(e.status);
    else if (e.type === 'link') {
      setLink(e.status);
      if (e.status.online) refreshQueues();
    } else if (e.type === 'config') {
      refreshPlace();
      setCatalogStale(true);
    }
  });

  return (
    <LiveContext.Provider
      value={{ config, queues, catalog, devices, link, today, catalogStale, refreshQueues, refreshCatalog }}
    >
      {children}
    </LiveContext.Provider>
  );
}

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive() outside <LiveProvider>');
  return live;
}

/** True only when the host says the central service is unreachable (unknown counts as online). */
export function useOffline(): boolean {
  const { link } = useLive();
  return link !== null && !link.online;
}
