import type { FastifyInstance } from 'fastify';
import { fleetMetricLines } from '../fleet/metrics';
import type { Ctx } from '../services/context';

// Prometheus text at /metrics: request counts and latency per route, live WebSocket subscribers and
// waiting tickets per centre, kiosks per centre and health status (central/fleet). Hand-rolled: a handful of series does not need a client library.

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function useMetrics(app: FastifyInstance, ctx: Ctx): void {
  const counts = new Map<string, number>();
  const hist = new Map<string, { buckets: number[]; sum: number; n: number }>();
  app.addHook('onResponse', async (req, reply) => {
    const routeUrl = req.routeOptions.url ?? 'unmatched';
    const key = `method="${req.method}",route="${routeUrl}",status="${reply.statusCode}"`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const hk = `route="${routeUrl}"`;
    let h = hist.get(hk);
    if (!h) hist.set(hk, (h = { buckets: BUCKETS.map(() => 0), sum: 0, n: 0 }));
    const s = reply.elapsedTime / 1000;
    h.sum += s;
    h.n++;
    BUCKETS.forEach((b, i) => {
      if (s <= b) h.buckets[i]!++;
    });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    const lines: string[] = [];
    lines.push('# HELP doorstep_http_requests_total HTTP requests by route and status.');
    lines.push('# TYPE doorstep_http_requests_total counter');
    for (const [k, v] of counts) lines.push(`doorstep_http_requests_total{${k}} ${v}`);
    lines.push('# HELP doorstep_http_request_duration_seconds Request latency.');
    lines.push('# TYPE doorstep_http_request_duration_seconds histogram');
    for (const [k, h] of hist) {
      BUCKETS.forEach((b, i) =>
        lines.push(`doorstep_http_request_duration_seconds_bucket{${k},le="${b}"} ${h.buckets[i]}`),
      );
      lines.push(`doorstep_http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.n}`);
      lines.push(`doorstep_http_request_duration_seconds_sum{${k}} ${h.sum}`);
      lines.push(`doorstep_http_request_duration_seconds_count{${k}} ${h.n}`);
    }
    lines.push('# HELP doorstep_event_subscribers Live WebSocket event subscribers.');
    lines.push('# TYPE doorstep_event_subscribers gauge');
    lines.push(`doorstep_event_subscribers ${ctx.hub.subscriberCount()}`);
    const waiting = await ctx.db.all<{ centre_id: string; n: number }>(
      "SELECT centre_id, COUNT(*) AS n FROM tickets WHERE status = 'waiting' GROUP BY centre_id",
    );
    lines.push('# HELP doorstep_tickets_waiting Tickets waiting now, per centre.');
    lines.push('# TYPE doorstep_tickets_waiting gauge');
    for (const w of waiting) lines.push(`doorstep_tickets_waiting{centre="${w.centre_id}"} ${Number(w.n)}`);
    lines.push(...(await fleetMetricLines(ctx)));
    return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
}
