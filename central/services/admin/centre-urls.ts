import type { Ctx } from '../context';

/**
 * Reloads the centres' public base URLs into ctx.centreUrls (read on every ticket, so kept in
 * memory): at start and after a centre or a configuration document is saved.
 */
export async function loadCentreUrls(ctx: Ctx): Promise<void> {
  const rows = await ctx.db.all<{ id: string; public_base_url: string | null }>(
    'SELECT id, public_base_url FROM centres WHERE public_base_url IS NOT NULL',
  );
  ctx.centreUrls = new Map(rows.map((r) => [r.id, r.public_base_url!.replace(/\/+$/, '')]));
}
