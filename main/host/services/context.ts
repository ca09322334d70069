import type { EventEmitter } from 'node:events';
import type { ServiceItem } from '../../../contract/catalog';
import type { KioskEvent } from '../../../contract/kiosk';
import type { CentralClient } from '../link/client';
import type { HostConfig } from '../config';
import { KioskHostError } from '../errors';
import type { DeviceManager } from '../devices/device-manager';
import type { HostLogger } from '../log';
import type { KioskSession } from '../session';
import type { LocalStore } from '../store';

// What every service of the host facade works with; built once by host.ts.

export interface HostContext {
  config: HostConfig;
  configFile: string;
  dataDir: string;
  version: string;
  store: LocalStore;
  session: KioskSession;
  devices: DeviceManager;
  central: CentralClient;
  logger: HostLogger;
  events: EventEmitter<{ event: [KioskEvent]; restart: [] }>;
  /** Registers a step for close() (e.g. a plugin's WebSocket); run in reverse order. */
  onClose(step: () => Promise<void> | void): void;
}

export function bilingual(v: unknown, fallback: string): { zh: string; en: string } {
  const o = v as { zh?: unknown; en?: unknown } | undefined;
  return typeof o?.zh === 'string' && typeof o.en === 'string'
    ? { zh: o.zh, en: o.en }
    : { zh: fallback, en: fallback };
}

/** Station and centre names from the enrollment info (filled by GET /stations/me). */
export function placeNames(ctx: HostContext): {
  stationName: { zh: string; en: string };
  centreName: { zh: string; en: string };
  centreId: string;
  stationId: string | null;
} {
  const rec = ctx.store.station.get();
  const info = (rec?.info ?? {}) as {
    station?: { name?: unknown };
    centre?: { name?: unknown };
    centreId?: string;
  };
  return {
    stationName: bilingual(info.station?.name, rec?.stationId ?? '家门口服务站'),
    centreName: bilingual(info.centre?.name, info.centreId ?? '社区事务受理服务中心'),
    centreId: info.centreId ?? '',
    stationId: rec?.stationId ?? null,
  };
}

export async function findItem(ctx: HostContext, itemId: string): Promise<ServiceItem> {
  // The copy the resident chose from (the page's item list refreshed it; so does the sync loop).
  // Read again from central before each request, it made a ticket request on a slow link wait up
  // to 8 s for the catalog first (issue #10); central still refuses an item it withdrew since.
  const known = ctx.central.cachedCatalog()?.find((i) => i.id === itemId);
  if (known) return known;
  const items = await ctx.central.catalog();
  const item = items.find((i) => i.id === itemId);
  if (!item) throw new KioskHostError('NOT_FOUND', `no service item ${itemId}`);
  return item;
}
