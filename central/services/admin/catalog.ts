import { pinyin } from 'pinyin-pro';
import type {
  AdminItem,
  AdminSkillGroup,
  ItemCreate,
  ItemUpdate,
  SkillGroupCreate,
  SkillGroupUpdate,
} from '../../../contract/api/admin-catalog';
import { ServiceItem } from '../../../contract/catalog';
import { DoorstepError } from '../../../contract/errors';
import { type Queryable, toBool } from '../../db/db';
import { serviceDayOf } from '../../domain/time';
import type { Ctx, Principal } from '../context';
import { ensureSlots } from './slots';
import {
  allCentreIds,
  auditChange,
  configChanged,
  invalid,
  requireAdmin,
  requireDistrict,
  updateVersioned,
} from './common';

// The district's service catalogue (items, skill groups): every admin reads it, the district admin
// changes it. Items are kept as their ServiceItem JSON (what kiosks get) plus indexed columns.

/** Pinyin initials of a Chinese name, for the kiosk's search (居住证办理 → jzzbl). */
export function initialsOf(zh: string): string {
  return pinyin(zh, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' })
    .join('')
    .toLowerCase();
}

/** The video number series is V for every group; the window prefixes each belong to one skill group. */
export const VIDEO_PREFIX = 'V';

export function itemFrom(id: string, body: Omit<ItemCreate, 'id'>): ServiceItem {
  return ServiceItem.parse({
    id,
    code: body.code,
    name: body.name,
    ...(body.description ? { description: body.description } : {}),
    category: body.category,
    channels: body.channels,
    idCardRequired: body.idCardRequired,
    materials: body.materials,
    legalLimitDays: body.legalLimitDays,
    promisedLimitDays: body.promisedLimitDays,
    skillGroup: body.skillGroup,
    ticketPrefix: body.ticketPrefix,
    active: body.active,
    initials: initialsOf(body.name.zh),
    ...(body.serviceMinutes ? { serviceMinutes: body.serviceMinutes } : {}),
    ...(body.appointment ? { appointment: body.appointment } : {}),
  });
}

interface ItemRow {
  id: string;
  code: string;
  ticket_prefix: string;
  skill_group: string;
  data: string;
  version: number;
}
const adminItemOf = (r: ItemRow): AdminItem => ({
  ...ServiceItem.parse(JSON.parse(r.data)),
  version: Number(r.version),
});

/**
 * The rules a catalogue must keep, checked against the others in `items` (the whole catalogue after
 * the change): unique code, a known skill group, a window prefix used by one skill group only.
 */
export function catalogProblems(
  item: ServiceItem,
  items: Iterable<Pick<ServiceItem, 'id' | 'code' | 'ticketPrefix' | 'skillGroup'>>,
  groups: ReadonlySet<string>,
): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (!groups.has(item.skillGroup))
    out.push({ path: 'skillGroup', message: `no skill group ${item.skillGroup}` });
  for (const o of items) {
    if (o.id === item.id) continue;
    if (o.code === item.code)
      out.push({ path: 'code', message: `the code ${item.code} is taken by ${o.id}` });
    if (
      item.ticketPrefix !== VIDEO_PREFIX &&
      o.ticketPrefix === item.ticketPrefix &&
      o.skillGroup !== item.skillGroup
    ) {
      out.push({
        path: 'ticketPrefix',
        message: `the number prefix ${item.ticketPrefix} is used by skill group ${o.skillGroup} (${o.id}); one prefix is one number series`,
      });
    }
  }
  return out;
}

async function groupIds(q: Queryable): Promise<Set<string>> {
  return new Set((await q.all<{ id: string }>('SELECT id FROM skill_groups')).map((r) => r.id));
}

async function checkItem(q: Queryable, item: ServiceItem): Promise<void> {
  const rows = await q.all<ItemRow>('SELECT id, code, ticket_prefix, skill_group FROM items');
  const problems = catalogProblems(
    item,
    rows.map((r) => ({ id: r.id, code: r.code, ticketPrefix: r.ticket_prefix, skillGroup: r.skill_group })),
    await groupIds(q),
  );
  if (problems.length) throw new DoorstepError('VALIDATION_FAILED', problems[0]!.message, problems);
}

export async function writeItem(q: Queryable, item: ServiceItem, sort: number): Promise<void> {
  await q.run(
    `INSERT INTO items (id, code, skill_group, ticket_prefix, active, sort, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [item.id, item.code, item.skillGroup, item.ticketPrefix, item.active ? 1 : 0, sort, JSON.stringify(item)],
  );
}

export const itemCols = (item: ServiceItem) => ({
  code: item.code,
  skill_group: item.skillGroup,
  ticket_prefix: item.ticketPrefix,
  active: item.active ? 1 : 0,
  data: JSON.stringify(item),
});

export async function listItems(ctx: Ctx, principal: Principal | null): Promise<AdminItem[]> {
  await requireAdmin(ctx, principal);
  const rows = await ctx.db.all<ItemRow>('SELECT * FROM items ORDER BY sort, code');
  return rows.map(adminItemOf);
}

export async function getItem(ctx: Ctx, principal: Principal | null, id: string): Promise<AdminItem> {
  await requireAdmin(ctx, principal);
  const row = await ctx.db.get<ItemRow>('SELECT * FROM items WHERE id = ?', [id]);
  if (!row) throw new DoorstepError('NOT_FOUND', `no service item ${id}`);
  return adminItemOf(row);
}

export async function createItem(
  ctx: Ctx,
  principal: Principal | null,
  body: ItemCreate,
): Promise<AdminItem> {
  const a = await requireAdmin(ctx, principal);
  requireDistrict(a);
  const id = body.id ?? `i-${body.code.toLowerCase()}`;
  const item = itemFrom(id, body);
  const now = ctx.clock().getTime();
  const saved = await ctx.db.tx(async (q) => {
    if (await q.get('SELECT id FROM items WHERE id = ?', [id]))
      throw invalid('id', `the item id ${id} is taken`);
    await checkItem(q, item);
    const sort = (await q.get<{ n: number }>('SELECT COALESCE(MAX(sort), 0) + 1 AS n FROM items'))!.n;
    await writeItem(q, item, Number(sort));
    await auditChange(q, now, a, 'item.create', { type: 'item', id }, null, null, item);
    const centres = await configChanged(q, now, await allCentreIds(q), 'item', id);
    return { item: { ...item, version: 1 }, centres };
  });
  await ctx.catalog.load();
  await ensureSlots(ctx.db, now);
  ctx.hub.notify(saved.centres);
  return saved.item;
}

export async function updateItem(
  ctx: Ctx,
  principal: Principal | null,
  id: string,
  body: ItemUpdate,
): Promise<AdminItem> {
  const a = await requireAdmin(ctx, principal);
  requireDistrict(a);
  const item = itemFrom(id, body);
  const now = ctx.clock().getTime();
  const saved = await ctx.db.tx(async (q) => {
    const row = await q.get<ItemRow>('SELECT * FROM items WHERE id = ?', [id]);
    if (!row) throw new DoorstepError('NOT_FOUND', `no service item ${id}`);
    const before = adminItemOf(row);
    if (before.ticketPrefix !== item.ticketPrefix && (await prefixUsedToday(q, id, now))) {
      throw invalid(
        'ticketPrefix',
        `numbers with the prefix ${before.ticketPrefix} were issued for this item today; change the prefix tomorrow`,
      );
    }
    await checkItem(q, item);
    const version = await updateVersioned(q, 'items', id, body.version, itemCols(item));
    await auditChange(q, now, a, 'item.update', { type: 'item', id }, null, before, item);
    const centres = await configChanged(q, now, await allCentreIds(q), 'item', id);
    return { item: { ...item, version }, centres };
  });
  await ctx.catalog.load();
  await ensureSlots(ctx.db, now);
  ctx.hub.notify(saved.centres);
  return saved.item;
}

async function prefixUsedToday(q: Queryable, itemId: string, now: number): Promise<boolean> {
  return !!(await q.get('SELECT id FROM tickets WHERE item_id = ? AND service_day = ? LIMIT 1', [
    itemId,
    serviceDayOf(now),
  ]));
}

interface GroupRow {
  id: string;
  name_zh: string;
  name_en: string;
  active: number;
  version: number;
}
const groupOf = (r: GroupRow): AdminSkillGroup => ({
  id: r.id,
  name: { zh: r.name_zh, en: r.name_en },
  active: toBool(r.active),
  version: Number(r.version),
});

export async function listSkillGroups(ctx: Ctx, principal: Principal | null): Promise<AdminSkillGroup[]> {
  await requireAdmin(ctx, principal);
  return (await ctx.db.all<GroupRow>('SELECT * FROM skill_groups ORDER BY id')).map(groupOf);
}

export async function createSkillGroup(
  ctx: Ctx,
  principal: Principal | null,
  body: SkillGroupCreate,
): Promise<AdminSkillGroup> {
  const a = await requireAdmin(ctx, principal);
  requireDistrict(a);
  const now = ctx.clock().getTime();
  return ctx.db.tx(async (q) => {
    if (await q.get('SELECT id FROM skill_groups WHERE id = ?', [body.id])) {
      throw invalid('id', `the skill group id ${body.id} is taken`);
    }
    await q.run('INSERT INTO skill_groups (id, name_zh, name_en, active) VALUES (?, ?, ?, ?)', [
      body.id,
      body.name.zh,
      body.name.en,
      body.active ? 1 : 0,
    ]);
    const after = groupOf((await q.get<GroupRow>('SELECT * FROM skill_groups WHERE id = ?', [body.id]))!);
    await auditChange(
      q,
      now,
      a,
      'skill_group.create',
      { type: 'skill_group', id: body.id },
      null,
      null,
      after,
    );
    return after;
  });
}

export async function updateSkillGroup(
  ctx: Ctx,
  principal: Principal | null,
  id: string,
  body: SkillGroupUpdate,
): Promise<AdminSkillGroup> {
  const a = await requireAdmin(ctx, principal);
  requireDistrict(a);
  const now = ctx.clock().getTime();
  const saved = await ctx.db.tx(async (q) => {
    const row = await q.get<GroupRow>('SELECT * FROM skill_groups WHERE id = ?', [id]);
    if (!row) throw new DoorstepError('NOT_FOUND', `no skill group ${id}`);
    if (!body.active) {
      const used = await q.get<{ id: string }>(
        'SELECT id FROM items WHERE skill_group = ? AND active = 1 LIMIT 1',
        [id],
      );
      if (used)
        throw invalid('active', `the active item ${used.id} is in this group: move or deactivate it first`);
    }
    await updateVersioned(q, 'skill_groups', id, body.version, {
      name_zh: body.name.zh,
      name_en: body.name.en,
      active: body.active ? 1 : 0,
    });
    const after = groupOf((await q.get<GroupRow>('SELECT * FROM skill_groups WHERE id = ?', [id]))!);
    await auditChange(
      q,
      now,
      a,
      'skill_group.update',
      { type: 'skill_group', id },
      null,
      groupOf(row),
      after,
    );
    const centres = await configChanged(q, now, await allCentreIds(q), 'skill_group', id);
    return { after, centres };
  });
  ctx.hub.notify(saved.centres);
  return saved.after;
}
