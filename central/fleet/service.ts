import {
  FLEET_HEARTBEAT_SEC,
  FLEET_ONLINE_WINDOW_MS,
  type FleetResponse,
  type HeartbeatRequest,
  type HeartbeatResponse,
  type KioskHealth,
  type KioskHealthView,
} from '../../contract/fleet';
import { DoorstepError } from '../../contract/errors';
import type { Queryable } from '../db/db';
import type { Ctx, PendingEvent } from '../services/context';
import { appendEvents } from '../services/event-hub';
import { healthOf, problemsOf } from './health';
import {
  centreKiosks,
  kioskRow,
  markPublished,
  overdueKiosks,
  publishedOf,
  saveHeartbeat,
  viewOf,
} from './store';

// Fleet health: store each kiosk's latest heartbeat, derive its status, and publish `kiosk.status` on
// the centre's event stream whenever the status or its list of problems changes. A kiosk going
// silent is noticed by `sweep` (run on a timer and before every fleet listing); the conditional
// update in markPublished lets only one central instance publish each change.

function statusEvent(kiosk: KioskHealthView, previous: KioskHealth | null): PendingEvent {
  return { centreId: kiosk.centreId, type: 'kiosk.status', data: { kiosk, previous } };
}

export async function recordHeartbeat(
  ctx: Ctx,
  kioskId: string,
  hb: HeartbeatRequest,
): Promise<HeartbeatResponse> {
  const now = ctx.clock().getTime();
  const measuredSkew = now - Date.parse(hb.sentAt);
  const problems = problemsOf(hb, measuredSkew);
  const status = healthOf(now, problems, now);
  const centreId = await ctx.db.tx(async (q) => {
    const before = await kioskRow(q, kioskId, true);
    if (!before) throw new DoorstepError('NOT_FOUND', `no kiosk ${kioskId}`);
    await saveHeartbeat(q, kioskId, now, hb, hb.link.clockSkewMs ?? measuredSkew, problems, status);
    if (before.published === publishedOf(status, problems)) return null;
    const after = (await kioskRow(q, kioskId))!;
    await appendEvents(q, now, [statusEvent(viewOf(after, now), before.status)]);
    return after.centre_id;
  });
  if (centreId) ctx.hub.notify([centreId]);
  return {
    serverTime: new Date(now).toISOString(),
    status,
    problems,
    nextHeartbeatSec: FLEET_HEARTBEAT_SEC,
  };
}

/** Publishes `offline` for every kiosk not heard from within the window; returns how many changed. */
export async function sweep(ctx: Ctx): Promise<number> {
  const now = ctx.clock().getTime();
  const overdue = await overdueKiosks(ctx.db, now - FLEET_ONLINE_WINDOW_MS);
  const centres: string[] = [];
  for (const row of overdue) {
    const view = viewOf(row, now);
    const changed = await ctx.db.tx(async (q: Queryable) => {
      const mine = await markPublished(
        q,
        row.kiosk_id,
        row.published ?? '',
        'offline',
        publishedOf('offline', view.problems),
      );
      if (mine) await appendEvents(q, now, [statusEvent(view, row.status)]);
      return mine;
    });
    if (changed) centres.push(row.centre_id);
  }
  if (centres.length) ctx.hub.notify(centres);
  return centres.length;
}

export async function fleetOf(ctx: Ctx, centreId: string): Promise<FleetResponse> {
  await sweep(ctx);
  const now = ctx.clock().getTime();
  const stations = await ctx.db.all<{
    id: string;
    name_zh: string;
    name_en: string;
    address_zh: string;
    address_en: string;
  }>('SELECT id, name_zh, name_en, address_zh, address_en FROM stations WHERE centre_id = ? ORDER BY id', [
    centreId,
  ]);
  const kiosks = (await centreKiosks(ctx.db, centreId)).map((r) => viewOf(r, now));
  const counts = { online: 0, faulted: 0, offline: 0 };
  for (const k of kiosks) counts[k.status]++;
  return {
    centreId,
    serverTime: new Date(now).toISOString(),
    onlineWindowSec: FLEET_ONLINE_WINDOW_MS / 1000,
    counts,
    stations: stations.map((s) => ({
      station: {
        id: s.id,
        name: { zh: s.name_zh, en: s.name_en },
        address: { zh: s.address_zh, en: s.address_en },
      },
      kiosks: kiosks.filter((k) => k.stationId === s.id),
    })),
  };
}
