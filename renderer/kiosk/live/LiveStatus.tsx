import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { KioskConfigView, KioskDeviceStatus, LinkStatus } from '../../../contract/kiosk';
import type { ServiceItem } from '../../../contract/catalog';
import type { QueueSummary } from '../../../contract/queue';
import { useDoorstep, useDoorstepEvent } from '../doorstep/useDoorstep';

// What every screen may show at any time: station config, waiting counts, devices and the central
// link. Loaded once, then kept current by host events (with a slow poll of the counts as a safety net).

export interface Live {
  config: KioskConfigView | null;
  queues: QueueSummary[];
  /** The service catalog (the host keeps a copy for offline use). */
  catalog: ServiceItem[] | null;
  devices: KioskDeviceStatus | null;
  link: LinkStatus | null;
  refreshQueues(): void;
  refreshCatalog(): void;
}

const LiveContext = createContext<Live | null>(null);
const QUEUE_POLL_MS = 15_000;

export function LiveProvider({ children }: { children: ReactNode }) {
  const api = useDoorstep();
  const [config, setConfig] = useState<KioskConfigView | null>(null);
  const [queues, setQueues] = useState<QueueSummary[]>([]);
  const [catalog, setCatalog] = useState<ServiceItem[] | null>(null);
  const [devices, setDevices] = useState<KioskDeviceStatus | null>(null);
  const [link, setLink] = useState<LinkStatus | null>(null);

  const refreshQueues = useCallback(() => {
    api.call('queues.get', {}).then(
      (r) => setQueues(r.queues),
      () => undefined, // offline: keep the last counts
    );
  }, [api]);

  const refreshCatalog = useCallback(() => {
    api.call('catalog.get', {}).then(
      (r) => setCatalog(r.items.filter((i) => i.active)),
      () => setCatalog((c) => c ?? []),
    );
  }, [api]);

  useEffect(() => {
    refreshCatalog();
    api.call('config.get', {}).then(setConfig, () => undefined);
    api.call('devices.status', {}).then(setDevices, () => undefined);
    api.call('link.status', {}).then(setLink, () => undefined);
    refreshQueues();
    const timer = setInterval(refreshQueues, QUEUE_POLL_MS);
    return () => clearInterval(timer);
  }, [api, refreshQueues, refreshCatalog]);

  useDoorstepEvent((e) => {
    if (e.type === 'queues') setQueues(e.queues);
    else if (e.type === 'devices') setDevices(e.status);
    else if (e.type === 'link') {
      setLink(e.status);
      if (e.status.online) refreshQueues();
    }
  });

  return (
    <LiveContext.Provider value={{ config, queues, catalog, devices, link, refreshQueues, refreshCatalog }}>
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
