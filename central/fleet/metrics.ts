import type { KioskHealth, KioskProblem } from '../../contract/fleet';
import { jsonOf } from '../db/db';
import { healthOf } from './health';
import type { Ctx } from '../services/context';

// Prometheus gauges of fleet health, as text lines for /metrics: kiosks per centre and derived status.
// The central /metrics is hand-rolled (no registry); it appends these with
// `lines.push(...(await fleetMetricLines(ctx)))`.

export async function fleetMetricLines(ctx: Ctx): Promise<string[]> {
  const now = ctx.clock().getTime();
  const rows = await ctx.db.all<{ centre_id: string; received_at: number | null; problems: string | null }>(
    `SELECT s.centre_id, h.received_at, h.problems FROM kiosks k JOIN stations s ON s.id = k.station_id
     LEFT JOIN kiosk_heartbeats h ON h.kiosk_id = k.id WHERE k.revoked_at IS NULL`,
  );
  const counts = new Map<string, Record<KioskHealth, number>>();
  for (const r of rows) {
    const c = counts.get(r.centre_id) ?? { online: 0, faulted: 0, offline: 0 };
    counts.set(r.centre_id, c);
    const seen = r.received_at === null ? null : Number(r.received_at);
    c[healthOf(seen, jsonOf<KioskProblem[]>(r.problems, []), now)]++;
  }
  const lines = [
    '# HELP doorstep_kiosks Enrolled kiosks by centre and derived status (online, faulted, offline).',
    '# TYPE doorstep_kiosks gauge',
  ];
  for (const [centre, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    for (const status of ['online', 'faulted', 'offline'] as const) {
      lines.push(`doorstep_kiosks{centre="${centre}",status="${status}"} ${c[status]}`);
    }
  }
  return lines;
}
