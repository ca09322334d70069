import type { ServiceItem } from '../../../contract/catalog';
import { jsonOf } from '../../db/db';
import type { Ctx, Principal } from '../context';

/**
 * The active items a caller is offered: a kiosk gets those its station offers (all when the station
 * names none); everyone else the whole active catalogue.
 */
export async function offeredItems(ctx: Ctx, p: Principal | null): Promise<ServiceItem[]> {
  const all = ctx.catalog.list();
  if (p?.kind !== 'station') return all;
  const row = await ctx.db.get<{ item_ids: string | null }>('SELECT item_ids FROM stations WHERE id = ?', [
    p.stationId,
  ]);
  if (!row?.item_ids) return all;
  const ids = new Set(jsonOf<string[]>(row.item_ids, []));
  return all.filter((i) => ids.has(i.id));
}
