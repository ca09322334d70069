import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PublicTicketStatus } from '../../../contract/api/tickets';
import { t, type MessageKey } from '../../../contract/i18n';
import type { Ctx } from '../../services/context';
import { loadTicket, present } from '../../services/tickets';
import { route, type ZodTypeProvider } from '../schema';

// The public ticket status page reached from the ticket's QR code: only the number, status, place in
// the queue and estimate; nothing personal. Ticket ids are random, so they cannot be enumerated. A
// transferred ticket is followed to the ticket that continues it.

async function publicStatus(ctx: Ctx, id: string): Promise<PublicTicketStatus> {
  let row = await loadTicket(ctx.db, id);
  for (let hops = 0; row.transferred_to_id && hops < 20; hops++)
    row = await loadTicket(ctx.db, row.transferred_to_id);
  const full = await present(ctx, ctx.db, row);
  return {
    number: full.number,
    status: full.status,
    waitingAhead: full.waitingAhead,
    estimate: full.estimate,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const both = (key: MessageKey, params?: Record<string, string | number>) =>
  `<span lang="zh">${esc(t(key, 'zh', params))}</span><br><span lang="en">${esc(t(key, 'en', params))}</span>`;

function page(s: PublicTicketStatus | null): string {
  let body: string;
  if (!s) body = `<p>${both('status.notFound')}</p>`;
  else {
    const lines = [`<p class="label">${both('status.number')}</p><p class="number">${esc(s.number)}</p>`];
    if (s.status === 'waiting') {
      lines.push(`<p>${both('status.ahead', { n: s.waitingAhead ?? 0 })}</p>`);
      const e = s.estimate;
      lines.push(
        `<p>${both('status.estimate')}: ${
          e?.known
            ? both('common.waitRange', { min: e.minMinutes, max: e.maxMinutes })
            : both('common.waitUnknown')
        }</p>`,
      );
    } else if (s.status === 'called') lines.push(`<p class="called">${both('status.called')}</p>`);
    else if (s.status === 'serving') lines.push(`<p>${both('status.serving')}</p>`);
    else lines.push(`<p>${both('status.finished')}</p>`);
    lines.push(`<p class="small">${both('status.refresh')}</p>`);
    body = lines.join('\n');
  }
  return `<!doctype html><html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="30">
<title>${esc(t('status.title', 'zh'))} ${esc(t('status.title', 'en'))}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;text-align:center}
.number{font-size:4rem;font-weight:700;margin:.5rem}.called{color:#b00020;font-weight:700}.small{font-size:.8rem;color:#555}</style>
</head><body><h1>${both('status.title')}</h1>${body}</body></html>`;
}

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
  app.get('/t/:id', { schema: route({ params: PageId, hide: true }) }, async (req, reply) => {
    const s = await publicStatus(ctx, req.params.id).catch(() => null);
    return reply
      .status(s ? 200 : 404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(page(s));
  });
}
