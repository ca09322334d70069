import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PublicTicketStatus } from '../../../contract/api/tickets';
import type { Ctx } from '../../services/context';
import { loadTicket, present } from '../../services/tickets';
import { route, type ZodTypeProvider } from '../schema';
import { LIVE_JS, statusFragment, statusPage } from '../status-page';

// The public ticket status page reached from the ticket's QR code: only the number, status, place in
// the queue and estimate; nothing personal. Ticket ids are random, so they cannot be enumerated. A
// transferred ticket is followed to the ticket that continues it.

async function publicStatus(ctx: Ctx, id: string): Promise<PublicTicketStatus> {
  let row = await loadTicket(ctx.db, id);
  for (let hops = 0; row.transferred_to_id && hops < 20; hops++)
    row = await loadTicket(ctx.db, row.transferred_to_id);
  const full = await present(ctx, ctx.db, row);
  const item = ctx.catalog.find(full.itemId);
  const station = full.stationId
    ? await ctx.db.get<{ name_zh: string; name_en: string }>(
        'SELECT name_zh, name_en FROM stations WHERE id = ?',
        [full.stationId],
      )
    : undefined;
  const vc =
    full.channel === 'video'
      ? await ctx.db.get<{ case_number: string }>(
          'SELECT case_number FROM video_cases WHERE ticket_id = ? ORDER BY created_at DESC LIMIT 1',
          [row.id],
        )
      : undefined;
  return {
    number: full.number,
    status: full.status,
    waitingAhead: full.waitingAhead,
    estimate: full.estimate,
    channel: full.channel,
    itemName: item ? item.name : null,
    stationName: station ? { zh: station.name_zh, en: station.name_en } : null,
    // The window only matters while the resident is on the way to it.
    counter: full.status === 'called' || full.status === 'serving' ? (full.counter ?? null) : null,
    outcome: full.status === 'done' ? (full.outcome ?? null) : null,
    caseNumber: vc?.case_number ?? null,
  };
}

const HTML = 'text/html; charset=utf-8';
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'";

export async function publicRoutes(base: FastifyInstance, ctx: Ctx) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const Id = z.object({ id: z.string().min(1).max(64) });
  const PageId = z.object({ id: z.string() }); // any id: an unknown one gets the bilingual 404 page
  app.get(
    '/api/v1/public/tickets/:id',
    {
      schema: route({
        params: Id,
        response: { 200: PublicTicketStatus },
        tags: ['public'],
        summary: "A ticket's number, status, place in the queue and estimate (nothing personal)",
      }),
    },
    (req) => publicStatus(ctx, req.params.id),
  );
  app.get('/t/live.js', { schema: { hide: true } }, (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=300').send(LIVE_JS),
  );
  app.get('/t/:id', { schema: route({ params: PageId, hide: true }) }, async (req, reply) => {
    const s = await publicStatus(ctx, req.params.id).catch(() => null);
    return reply
      .status(s ? 200 : 404)
      .type(HTML)
      .header('cache-control', 'no-store')
      .header('content-security-policy', CSP)
      .send(statusPage(req.params.id, s));
  });
  app.get('/t/:id/live', { schema: route({ params: PageId, hide: true }) }, async (req, reply) => {
    const s = await publicStatus(ctx, req.params.id).catch(() => null);
    return reply
      .status(s ? 200 : 404)
      .type(HTML)
      .header('cache-control', 'no-store')
      .header('content-security-policy', CSP)
      .send(statusFragment(s));
  });
}
