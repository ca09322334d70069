import type { z } from 'zod';
import type {
  ConfigCentre,
  ConfigChangeSet,
  ConfigDocument,
  ConfigSkillGroup,
  ConfigStaff,
  ConfigStation,
} from '../../../contract/api/admin-config';
import type { CalendarDay } from '../../../contract/api/admin-calendar';
import { ServiceItem } from '../../../contract/catalog';
import type { Queryable } from '../../db/db';
import { calendarDayOf } from '../calendar';
import type { Principal } from '../context';
import { writeDays } from './calendar';
import { itemCols } from './catalog';
import { allCentreIds } from './common';
import {
  type CentreRow,
  type StationRow,
  adminCentreOf,
  adminStationOf,
  centreCols,
  revokeStationKiosks,
  stationCols,
} from './places';
import { adminStaffOf } from './staff';

// The configuration document's two sides in the database (config.ts): the records as they are, in the
// document's shapes, and the writing of a checked plan inside applyConfig's transaction.

type Changes<T> = ConfigChangeSet & { write: T[] };

/** What applyConfig decided to write, checked and in the caller's scope. */
export interface ConfigPlan {
  doc: ConfigDocument;
  cur: CurrentConfig;
  groups: Changes<z.infer<typeof ConfigSkillGroup>>;
  items: Changes<ServiceItem>;
  centres: Changes<z.infer<typeof ConfigCentre>>;
  stations: Changes<z.infer<typeof ConfigStation>>;
  staff: Changes<z.infer<typeof ConfigStaff>>;
  settingsChanged: boolean;
  districtChanged: boolean;
  calendar: { set: number; removed: number };
  calendarRemove: CalendarDay[];
}

/** Calendar days are keyed by centre ('' for the district's) and day. */
export const dayKey = (d: { centreId: string | null; day: string }) => `${d.centreId ?? ''}|${d.day}`;

export interface CurrentConfig {
  district: { id: string; name: { zh: string; en: string } } | null;
  skillGroups: Map<string, z.infer<typeof ConfigSkillGroup>>;
  items: Map<string, ServiceItem>;
  centres: Map<string, z.infer<typeof ConfigCentre>>;
  stations: Map<string, z.infer<typeof ConfigStation>>;
  staff: Map<string, z.infer<typeof ConfigStaff>>;
  calendar: CalendarDay[];
}

export async function currentConfig(q: Queryable): Promise<CurrentConfig> {
  const d = await q.get<{ id: string; name_zh: string; name_en: string }>(
    'SELECT * FROM districts ORDER BY id LIMIT 1',
  );
  const strip = <T extends { version?: number }>({ version: _v, ...rest }: T) => rest;
  return {
    district: d ? { id: d.id, name: { zh: d.name_zh, en: d.name_en } } : null,
    skillGroups: new Map(
      (
        await q.all<{ id: string; name_zh: string; name_en: string; active: number }>(
          'SELECT * FROM skill_groups ORDER BY id',
        )
      ).map((r) => [r.id, { id: r.id, name: { zh: r.name_zh, en: r.name_en }, active: r.active === 1 }]),
    ),
    items: new Map(
      (await q.all<{ data: string }>('SELECT data FROM items ORDER BY sort, code'))
        .map((r) => ServiceItem.parse(JSON.parse(r.data)))
        .map((i) => [i.id, i]),
    ),
    centres: new Map(
      (await q.all<CentreRow>('SELECT * FROM centres ORDER BY id')).map((r) => {
        const { districtId: _d, ...c } = strip(adminCentreOf(r));
        return [r.id, c];
      }),
    ),
    stations: new Map(
      (await q.all<StationRow>('SELECT * FROM stations ORDER BY centre_id, id')).map((r) => [
        r.id,
        strip(adminStationOf(r)),
      ]),
    ),
    staff: new Map(
      (
        await q.all<Parameters<typeof adminStaffOf>[0]>(
          'SELECT id, username, display_name, role, centre_ids, skill_groups, district_admin, must_change_password, active, version FROM staff ORDER BY username',
        )
      ).map((r) => {
        const { mustChangePassword: _m, ...s } = strip(adminStaffOf(r));
        return [r.id, s];
      }),
    ),
    calendar: (
      await q.all<Parameters<typeof calendarDayOf>[0]>('SELECT * FROM calendar_days ORDER BY day, centre_id')
    ).map(calendarDayOf),
  };
}

/** Writes the plan: places and catalogue, staff, calendar, settings. Returns the kiosks it revoked. */
export async function writePlan(
  q: Queryable,
  plan: ConfigPlan,
  o: { now: number; by: Principal | null; hashes: Map<string, string> },
): Promise<string[]> {
  const { doc, cur } = plan;
  if (plan.districtChanged) {
    await q.run(
      `INSERT INTO districts (id, name_zh, name_en) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, version = districts.version + 1`,
      [doc.district.id, doc.district.name.zh, doc.district.name.en],
    );
  }
  await writeCatalogue(q, plan);
  const revoked = await writePlaces(q, plan, o);
  await writeStaff(q, plan, o.hashes);
  if (doc.calendar) await writeCalendar(q, cur, doc.calendar, plan.calendarRemove);
  if (plan.settingsChanged) {
    await q.run(
      `INSERT INTO settings (key, value) VALUES ('settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [JSON.stringify(doc.settings)],
    );
  }
  return revoked;
}

async function writeCatalogue(q: Queryable, { doc, cur, groups, items }: ConfigPlan): Promise<void> {
  for (const g of groups.write) {
    await upsert(
      q,
      'skill_groups',
      g.id,
      { name_zh: g.name.zh, name_en: g.name.en, active: g.active ? 1 : 0 },
      cur.skillGroups.has(g.id),
    );
  }
  const order = new Map(doc.items.map((i, n) => [i.id, n]));
  for (const item of items.write) {
    await upsert(
      q,
      'items',
      item.id,
      { ...itemCols(item), sort: order.get(item.id) ?? 1_000_000 },
      cur.items.has(item.id),
    );
  }
}

async function writePlaces(
  q: Queryable,
  { doc, cur, centres, stations }: ConfigPlan,
  o: { now: number; by: Principal | null },
): Promise<string[]> {
  const districtId = cur.district?.id ?? doc.district.id;
  for (const c of centres.write) {
    await upsert(q, 'centres', c.id, { district_id: districtId, ...centreCols(c) }, cur.centres.has(c.id));
  }
  const revoked: string[] = [];
  for (const s of stations.write) {
    await upsert(q, 'stations', s.id, stationCols(s), cur.stations.has(s.id));
    // Taken out of service here as through the station route: its kiosks are revoked (places.ts).
    if (!s.active && cur.stations.get(s.id)?.active)
      revoked.push(...(await revokeStationKiosks(q, o.now, o.by, s.id, s.centreId)));
  }
  return revoked;
}

async function writeStaff(q: Queryable, { cur, staff }: ConfigPlan, hashes: Map<string, string>) {
  const allCentres = await allCentreIds(q);
  for (const s of staff.write) {
    const exists = cur.staff.has(s.id);
    const cols: Record<string, string | number | null> = {
      username: s.username,
      display_name: s.displayName,
      role: s.role,
      centre_ids: JSON.stringify(s.districtAdmin ? allCentres : s.centreIds),
      skill_groups: JSON.stringify(s.skillGroups),
      district_admin: s.districtAdmin ? 1 : 0,
      active: s.active ? 1 : 0,
    };
    // A new account without an initial password cannot sign in until an admin resets it.
    if (!exists)
      Object.assign(cols, {
        password_hash: hashes.get(s.id) ?? '!',
        must_change_password: hashes.has(s.id) ? 0 : 1,
      });
    await upsert(q, 'staff', s.id, cols, exists);
  }
  for (const id of staff.deactivated) await q.run('DELETE FROM sessions WHERE staff_id = ?', [id]);
}

async function writeCalendar(
  q: Queryable,
  cur: CurrentConfig,
  days: CalendarDay[],
  remove: CalendarDay[],
): Promise<void> {
  for (const d of remove) {
    await q.run('DELETE FROM calendar_days WHERE centre_id = ? AND day = ?', [d.centreId ?? '', d.day]);
  }
  // Days that change state are removed first, so writeDays sees only additions and renames.
  const curKind = new Map(cur.calendar.map((d) => [dayKey(d), d.kind]));
  for (const d of days) {
    const k = curKind.get(dayKey(d));
    if (k && k !== d.kind)
      await q.run('DELETE FROM calendar_days WHERE centre_id = ? AND day = ?', [d.centreId ?? '', d.day]);
  }
  await writeDays(q, days, null, 'calendar.');
}

async function upsert(
  q: Queryable,
  table: string,
  id: string,
  cols: Record<string, string | number | null>,
  exists: boolean,
): Promise<void> {
  const names = Object.keys(cols);
  if (exists) {
    await q.run(
      `UPDATE ${table} SET ${names.map((n) => `${n} = ?`).join(', ')}, version = version + 1 WHERE id = ?`,
      [...names.map((n) => cols[n]!), id],
    );
  } else {
    await q.run(
      `INSERT INTO ${table} (id, ${names.join(', ')}) VALUES (?, ${names.map(() => '?').join(', ')})`,
      [id, ...names.map((n) => cols[n]!)],
    );
  }
}
