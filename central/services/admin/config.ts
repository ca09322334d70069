import { httpsOnlyProblem } from '../../security/https-only';
import type { z } from 'zod';
import {
  type ConfigApplyResult,
  type ConfigChangeSet,
  ConfigCentre,
  type ConfigDocument,
  ConfigSkillGroup,
  ConfigStaff,
  ConfigStation,
} from '../../../contract/api/admin-config';
import type { CalendarDay } from '../../../contract/api/admin-calendar';
import { ServiceItem } from '../../../contract/catalog';
import { DoorstepError, type FieldError } from '../../../contract/errors';
import type { Queryable } from '../../db/db';
import { hashPassword } from '../../security/secrets';
import { kioskKey } from '../../security/live-sockets';
import { forgetKioskToken } from '../stations';
import { revokeStationKiosks } from './places';
import { calendarDayOf } from '../calendar';
import type { Ctx, Principal } from '../context';
import { catalogProblems, initialsOf, itemCols } from './catalog';
import { type Admin, allCentreIds, auditChange, configChanged, invalidFields, requireAdmin } from './common';
import { type CentreRow, type StationRow, adminCentreOf, adminStationOf } from './places';
import { adminStaffOf } from './staff';
import { ensureSlots } from './slots';
import { loadCentreUrls } from './centre-urls';
import { writeDays } from './calendar';

// The whole configuration as one document: export (what the caller may see) and apply (dry run, or
// all-or-nothing in one transaction, audited as one change). Records are matched by id. Applying
// creates what is new, changes what differs (bumping its version) and deactivates records of the
// caller's scope the document leaves out; nothing is deleted. The demo seed uses the same path in a
// gentler mode (create what is missing, touch nothing else).

export interface ApplyMode {
  /** Change records that exist and differ (off for the demo seed: admins' edits survive a restart). */
  updateExisting: boolean;
  /** Deactivate records of the scope that the document leaves out. */
  deactivateMissing: boolean;
}
export const FULL: ApplyMode = { updateExisting: true, deactivateMissing: true };

/** JSON with sorted keys, to compare records regardless of key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(
          Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : val,
  );
}

interface Current {
  district: { id: string; name: { zh: string; en: string } } | null;
  skillGroups: Map<string, z.infer<typeof ConfigSkillGroup>>;
  items: Map<string, ServiceItem>;
  centres: Map<string, z.infer<typeof ConfigCentre>>;
  stations: Map<string, z.infer<typeof ConfigStation>>;
  staff: Map<string, z.infer<typeof ConfigStaff>>;
  calendar: CalendarDay[];
}

async function current(q: Queryable): Promise<Current> {
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

const staffVisible = (a: Admin | null, s: { centreIds: string[]; districtAdmin: boolean }) =>
  !a || a.district || (!s.districtAdmin && s.centreIds.every((c) => a.centres.has(c)));

export async function exportConfig(ctx: Ctx, principal: Principal | null): Promise<ConfigDocument> {
  const a = await requireAdmin(ctx, principal);
  const cur = await current(ctx.db);
  return {
    format: 'doorstep-config/1',
    district: cur.district ?? { id: 'district', name: { zh: '—', en: '—' } },
    settings: ctx.settings.get(),
    skillGroups: [...cur.skillGroups.values()],
    items: [...cur.items.values()],
    centres: [...cur.centres.values()].filter((c) => a.centres.has(c.id)),
    stations: [...cur.stations.values()].filter((s) => a.centres.has(s.centreId)),
    staff: [...cur.staff.values()].filter((s) => staffVisible(a, s)),
    calendar: cur.calendar.filter((d) => d.centreId === null || a.centres.has(d.centreId)),
  };
}

/** Every cross-record rule, as field errors naming the row (items.3.ticketPrefix). */
function problemsOf(doc: ConfigDocument, cur: Current, a: Admin | null): FieldError[] {
  const out: FieldError[] = [];
  const dupes = (list: Array<{ id: string }>, path: string) => {
    const seen = new Map<string, number>();
    list.forEach((r, i) => {
      if (seen.has(r.id))
        out.push({ path: `${path}.${i}.id`, message: `the id ${r.id} is also on row ${seen.get(r.id)}` });
      seen.set(r.id, i);
    });
  };
  dupes(doc.skillGroups, 'skillGroups');
  dupes(doc.items, 'items');
  dupes(doc.centres, 'centres');
  dupes(doc.stations, 'stations');
  dupes(doc.staff, 'staff');
  const groups = new Set(doc.skillGroups.map((g) => g.id));
  doc.items.forEach((item, i) => {
    for (const p of catalogProblems(item, doc.items, groups))
      out.push({ path: `items.${i}.${p.path}`, message: p.message });
  });
  // Centres outside a centre admin's scope are not theirs to name (answered as unknown, like a 404).
  const centres = new Set(doc.centres.map((c) => c.id));
  doc.centres.forEach((c, i) => {
    if (a && !a.district && !a.centres.has(c.id))
      out.push({ path: `centres.${i}.id`, message: `no centre ${c.id}` });
  });
  const items = new Set(doc.items.map((i) => i.id));
  // An id held by a record of another centre cannot be taken over from a centre admin's document.
  const unavailable = (path: string, id: string) =>
    out.push({ path, message: `the id ${id} cannot be used` });
  doc.stations.forEach((s, i) => {
    const c = cur.stations.get(s.id);
    if (a && c && !a.centres.has(c.centreId)) unavailable(`stations.${i}.id`, s.id);
    if (!centres.has(s.centreId))
      out.push({ path: `stations.${i}.centreId`, message: `no centre ${s.centreId} in the document` });
    s.itemIds?.forEach((id, j) => {
      if (!items.has(id))
        out.push({ path: `stations.${i}.itemIds.${j}`, message: `no service item ${id} in the document` });
    });
  });
  const usernames = new Map<string, number>();
  const takenElsewhere = new Map([...cur.staff.values()].map((s) => [s.username, s.id]));
  doc.staff.forEach((s, i) => {
    const c = cur.staff.get(s.id);
    if (c && !staffVisible(a, c)) unavailable(`staff.${i}.id`, s.id);
    if (usernames.has(s.username)) {
      out.push({
        path: `staff.${i}.username`,
        message: `the username ${s.username} is also on row ${usernames.get(s.username)}`,
      });
    }
    usernames.set(s.username, i);
    const owner = takenElsewhere.get(s.username);
    if (owner && owner !== s.id && !doc.staff.some((o) => o.id === owner && o.username !== s.username)) {
      out.push({ path: `staff.${i}.username`, message: `the username ${s.username} is taken` });
    }
    s.centreIds.forEach((c, j) => {
      if (!centres.has(c))
        out.push({ path: `staff.${i}.centreIds.${j}`, message: `no centre ${c} in the document` });
    });
    s.skillGroups.forEach((g, j) => {
      if (!groups.has(g))
        out.push({ path: `staff.${i}.skillGroups.${j}`, message: `no skill group ${g} in the document` });
    });
    if (s.districtAdmin && s.role !== 'admin')
      out.push({ path: `staff.${i}.districtAdmin`, message: 'a district administrator has the admin role' });
    if (a && !a.district && s.districtAdmin)
      out.push({ path: `staff.${i}.districtAdmin`, message: 'only a district administrator can make one' });
  });
  const days = new Map<string, { kind: string; i: number }>();
  doc.calendar?.forEach((d, i) => {
    const key = `${d.centreId ?? ''}|${d.day}`;
    const prev = days.get(key);
    if (prev && prev.kind !== d.kind) {
      out.push({
        path: `calendar.${i}.kind`,
        message: `${d.day} is both ${prev.kind} (row ${prev.i}) and ${d.kind} (row ${i})`,
      });
    }
    days.set(key, { kind: d.kind, i });
    if (d.centreId !== null && !centres.has(d.centreId))
      out.push({ path: `calendar.${i}.centreId`, message: `no centre ${d.centreId} in the document` });
  });
  return out;
}

function diff<T extends { id: string; active: boolean }>(
  doc: T[],
  cur: Map<string, T>,
  inScope: (t: T) => boolean,
  mode: ApplyMode,
): ConfigChangeSet & { write: T[] } {
  const created: string[] = [];
  const changed: string[] = [];
  const write: T[] = [];
  const ids = new Set(doc.map((d) => d.id));
  for (const d of doc) {
    const c = cur.get(d.id);
    if (!c) {
      created.push(d.id);
      write.push(d);
    } else if (mode.updateExisting && canonical(c) !== canonical(d)) {
      changed.push(d.id);
      write.push(d);
    }
  }
  const deactivated: string[] = [];
  if (mode.deactivateMissing) {
    for (const c of cur.values()) {
      if (!ids.has(c.id) && c.active && inScope(c)) {
        deactivated.push(c.id);
        write.push({ ...c, active: false });
      }
    }
  }
  return { created, changed, deactivated, write };
}

export async function applyConfig(
  ctx: Ctx,
  principal: Principal | null,
  doc: ConfigDocument,
  dryRun: boolean,
  mode: ApplyMode = FULL,
): Promise<ConfigApplyResult> {
  const a = principal || mode === FULL ? await requireAdmin(ctx, principal) : null;
  // Initial passwords are hashed before the transaction (scrypt is slow on purpose).
  const hashes = new Map<string, string>();
  const now = ctx.clock().getTime();
  const revokedKiosks: string[] = [];
  const run = async (q: Queryable) => {
    revokedKiosks.length = 0; // a retried transaction starts again
    const cur = await current(q);
    doc = { ...doc, items: doc.items.map((i) => ({ ...i, initials: initialsOf(i.name.zh) })) };
    const problems = problemsOf(doc, cur, a);
    doc.centres.forEach((c, i) => {
      const p = httpsOnlyProblem(ctx, `centres.${i}.publicBaseUrl`, c.publicBaseUrl);
      if (p) problems.push(p);
    });
    if (problems.length) throw invalidFields(problems);
    const district = !a || a.district;
    const centreScope = (id: string) => !a || a.centres.has(id) || !cur.centres.has(id);
    const groups = diff(doc.skillGroups, cur.skillGroups, () => district, mode);
    const items = diff(doc.items, cur.items, () => district, mode);
    const centres = diff(doc.centres, cur.centres, (c) => centreScope(c.id), mode);
    const stations = diff(doc.stations, cur.stations, (s) => centreScope(s.centreId), mode);
    const staff = diff(doc.staff, cur.staff, (s) => staffVisible(a, s), mode);
    const settingsChanged =
      !!doc.settings && mode.updateExisting && canonical(doc.settings) !== canonical(ctx.settings.get());
    const districtChanged =
      !cur.district || (mode.updateExisting && canonical(cur.district) !== canonical(doc.district));
    let calendar = { set: 0, removed: 0 };
    let calendarRemove: CalendarDay[] = [];
    if (doc.calendar) {
      const inDoc = new Set(doc.calendar.map((d) => `${d.centreId ?? ''}|${d.day}`));
      const curByKey = new Map(cur.calendar.map((d) => [`${d.centreId ?? ''}|${d.day}`, d]));
      const calScope = (d: CalendarDay) => (d.centreId === null ? district : !a || a.centres.has(d.centreId));
      calendarRemove = mode.deactivateMissing
        ? cur.calendar.filter((d) => calScope(d) && !inDoc.has(`${d.centreId ?? ''}|${d.day}`))
        : [];
      const set = doc.calendar.filter(
        (d) => canonical(curByKey.get(`${d.centreId ?? ''}|${d.day}`)) !== canonical(d),
      );
      calendar = { set: set.length, removed: calendarRemove.length };
      if (!district && set.some((d) => d.centreId === null)) {
        throw new DoorstepError(
          'FORBIDDEN',
          'only a district administrator may change holidays and make-up working days',
        );
      }
    }
    if (
      !district &&
      (groups.write.length ||
        items.write.length ||
        settingsChanged ||
        districtChanged ||
        centres.created.length)
    ) {
      throw new DoorstepError(
        'FORBIDDEN',
        'only a district administrator may change the catalogue, settings or create centres',
      );
    }
    const result: ConfigApplyResult = {
      dryRun,
      skillGroups: pick(groups),
      items: pick(items),
      centres: pick(centres),
      stations: pick(stations),
      staff: pick(staff),
      calendar,
      settingsChanged,
    };
    if (dryRun) return result;
    const sets = [groups, items, centres, stations, staff];
    const nothing =
      sets.every((x) => x.write.length === 0) &&
      calendar.set + calendar.removed === 0 &&
      !settingsChanged &&
      !districtChanged;
    // Nothing to do (the demo seed on every later start): no audit entry, no event.
    if (nothing) return result;

    if (districtChanged) {
      await q.run(
        `INSERT INTO districts (id, name_zh, name_en) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, version = districts.version + 1`,
        [doc.district.id, doc.district.name.zh, doc.district.name.en],
      );
    }
    const districtId = cur.district?.id ?? doc.district.id;
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
    for (const c of centres.write) {
      await upsert(
        q,
        'centres',
        c.id,
        {
          district_id: districtId,
          name_zh: c.name.zh,
          name_en: c.name.en,
          address_zh: c.address.zh,
          address_en: c.address.en,
          opening_hours: JSON.stringify(c.openingHours),
          public_base_url: c.publicBaseUrl,
          active: c.active ? 1 : 0,
        },
        cur.centres.has(c.id),
      );
    }
    for (const s of stations.write) {
      await upsert(
        q,
        'stations',
        s.id,
        {
          centre_id: s.centreId,
          name_zh: s.name.zh,
          name_en: s.name.en,
          address_zh: s.address.zh,
          address_en: s.address.en,
          open_24h: s.open24h ? 1 : 0,
          item_ids: s.itemIds === null ? null : JSON.stringify(s.itemIds),
          active: s.active ? 1 : 0,
        },
        cur.stations.has(s.id),
      );
      // Taken out of service here as through the station route: its kiosks are revoked (places.ts).
      if (!s.active && cur.stations.get(s.id)?.active)
        revokedKiosks.push(...(await revokeStationKiosks(q, now, a?.p ?? null, s.id, s.centreId)));
    }
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
    if (doc.calendar) {
      for (const d of calendarRemove) {
        await q.run('DELETE FROM calendar_days WHERE centre_id = ? AND day = ?', [d.centreId ?? '', d.day]);
      }
      // Days that change state are removed first, so writeDays sees only additions and renames.
      const curKind = new Map(cur.calendar.map((d) => [`${d.centreId ?? ''}|${d.day}`, d.kind]));
      for (const d of doc.calendar) {
        const k = curKind.get(`${d.centreId ?? ''}|${d.day}`);
        if (k && k !== d.kind)
          await q.run('DELETE FROM calendar_days WHERE centre_id = ? AND day = ?', [d.centreId ?? '', d.day]);
      }
      await writeDays(q, doc.calendar, null, 'calendar.');
    }
    if (settingsChanged) {
      await q.run(
        `INSERT INTO settings (key, value) VALUES ('settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [JSON.stringify(doc.settings)],
      );
    }
    const counts = Object.fromEntries(
      (['skillGroups', 'items', 'centres', 'stations', 'staff'] as const).map((k) => [
        k,
        { created: result[k].created, changed: result[k].changed, deactivated: result[k].deactivated },
      ]),
    );
    await auditChange(q, now, a, 'config.apply', { type: 'config', id: 'config' }, null, null, {
      ...counts,
      calendar,
      settingsChanged,
    });
    await configChanged(q, now, allCentres, 'config', 'config');
    return result;
  };
  for (const s of doc.staff)
    if (s.password && !dryRun) hashes.set(s.id, await hashPassword(s.password, ctx.passwordParams));
  const result = dryRun ? await run(ctx.db) : await ctx.db.tx(run);
  if (!dryRun) {
    for (const kioskId of revokedKiosks) {
      forgetKioskToken(kioskId);
      ctx.hub.endCredential(kioskKey(kioskId), 'station deactivated');
    }
    await ctx.catalog.load();
    if (result.settingsChanged) await ctx.settings.load();
    await ensureSlots(ctx.db, now);
    await loadCentreUrls(ctx);
    ctx.hub.notify(await allCentreIds(ctx.db));
  }
  return result;
}

const pick = ({ created, changed, deactivated }: ConfigChangeSet): ConfigChangeSet => ({
  created,
  changed,
  deactivated,
});

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
