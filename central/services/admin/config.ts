import { httpsOnlyProblem } from '../../security/https-only';
import type { ConfigApplyResult, ConfigChangeSet, ConfigDocument } from '../../../contract/api/admin-config';
import type { CalendarDay } from '../../../contract/api/admin-calendar';
import { DoorstepError, type FieldError } from '../../../contract/errors';
import type { Queryable } from '../../db/db';
import { hashPassword } from '../../security/secrets';
import { kioskKey } from '../../security/live-sockets';
import { forgetKioskToken } from '../stations';
import type { Ctx, Principal } from '../context';
import { catalogProblems, initialsOf } from './catalog';
import { type Admin, allCentreIds, auditChange, configChanged, invalidFields, requireAdmin } from './common';
import { ensureSlots } from './slots';
import { loadCentreUrls } from './centre-urls';
import { type ConfigPlan, type CurrentConfig, currentConfig, dayKey, writePlan } from './config-store';

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

const staffVisible = (a: Admin | null, s: { centreIds: string[]; districtAdmin: boolean }) =>
  !a || a.district || (!s.districtAdmin && s.centreIds.every((c) => a.centres.has(c)));

export async function exportConfig(ctx: Ctx, principal: Principal | null): Promise<ConfigDocument> {
  const a = await requireAdmin(ctx, principal);
  const cur = await currentConfig(ctx.db);
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
function problemsOf(doc: ConfigDocument, cur: CurrentConfig, a: Admin | null): FieldError[] {
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
    const key = dayKey(d);
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
  let revokedKiosks: string[] = [];
  const run = async (q: Queryable) => {
    revokedKiosks = []; // a retried transaction starts again
    const plan = planApply(ctx, await currentConfig(q), doc, a, mode);
    const result = resultOf(plan, dryRun);
    // Nothing to do (the demo seed on every later start): no audit entry, no event.
    if (dryRun || nothingToDo(plan)) return result;
    revokedKiosks = await writePlan(q, plan, { now, by: a?.p ?? null, hashes });
    const counts = Object.fromEntries(
      (['skillGroups', 'items', 'centres', 'stations', 'staff'] as const).map((k) => [
        k,
        { created: result[k].created, changed: result[k].changed, deactivated: result[k].deactivated },
      ]),
    );
    await auditChange(q, now, a, 'config.apply', { type: 'config', id: 'config' }, null, null, {
      ...counts,
      calendar: plan.calendar,
      settingsChanged: plan.settingsChanged,
    });
    await configChanged(q, now, await allCentreIds(q), 'config', 'config');
    return result;
  };
  for (const s of doc.staff)
    if (s.password && !dryRun) hashes.set(s.id, await hashPassword(s.password, ctx.passwordParams));
  const result = dryRun ? await run(ctx.db) : await ctx.db.tx(run);
  if (!dryRun) await afterApply(ctx, now, revokedKiosks, result.settingsChanged);
  return result;
}

/** What applying `doc` would change, refused with field errors or FORBIDDEN before anything is written. */
function planApply(
  ctx: Ctx,
  cur: CurrentConfig,
  given: ConfigDocument,
  a: Admin | null,
  mode: ApplyMode,
): ConfigPlan {
  const doc = { ...given, items: given.items.map((i) => ({ ...i, initials: initialsOf(i.name.zh) })) };
  const problems = problemsOf(doc, cur, a);
  doc.centres.forEach((c, i) => {
    const p = httpsOnlyProblem(ctx, `centres.${i}.publicBaseUrl`, c.publicBaseUrl);
    if (p) problems.push(p);
  });
  if (problems.length) throw invalidFields(problems);
  const district = !a || a.district;
  const centreScope = (id: string) => !a || a.centres.has(id) || !cur.centres.has(id);
  const plan: ConfigPlan = {
    doc,
    cur,
    groups: diff(doc.skillGroups, cur.skillGroups, () => district, mode),
    items: diff(doc.items, cur.items, () => district, mode),
    centres: diff(doc.centres, cur.centres, (c) => centreScope(c.id), mode),
    stations: diff(doc.stations, cur.stations, (s) => centreScope(s.centreId), mode),
    staff: diff(doc.staff, cur.staff, (s) => staffVisible(a, s), mode),
    settingsChanged:
      !!doc.settings && mode.updateExisting && canonical(doc.settings) !== canonical(ctx.settings.get()),
    districtChanged:
      !cur.district || (mode.updateExisting && canonical(cur.district) !== canonical(doc.district)),
    ...planCalendar(doc, cur, a, mode),
  };
  const { groups, items, settingsChanged, districtChanged, centres } = plan;
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
  return plan;
}

/** The calendar days the document sets and, applied in full, those of the caller's scope it leaves out. */
function planCalendar(
  doc: ConfigDocument,
  cur: CurrentConfig,
  a: Admin | null,
  mode: ApplyMode,
): Pick<ConfigPlan, 'calendar' | 'calendarRemove'> {
  if (!doc.calendar) return { calendar: { set: 0, removed: 0 }, calendarRemove: [] };
  const district = !a || a.district;
  const inDoc = new Set(doc.calendar.map((d) => dayKey(d)));
  const curByKey = new Map(cur.calendar.map((d) => [dayKey(d), d]));
  const calScope = (d: CalendarDay) => (d.centreId === null ? district : !a || a.centres.has(d.centreId));
  const calendarRemove = mode.deactivateMissing
    ? cur.calendar.filter((d) => calScope(d) && !inDoc.has(dayKey(d)))
    : [];
  const set = doc.calendar.filter((d) => canonical(curByKey.get(dayKey(d))) !== canonical(d));
  if (!district && set.some((d) => d.centreId === null)) {
    throw new DoorstepError(
      'FORBIDDEN',
      'only a district administrator may change holidays and make-up working days',
    );
  }
  return { calendar: { set: set.length, removed: calendarRemove.length }, calendarRemove };
}

function resultOf(plan: ConfigPlan, dryRun: boolean): ConfigApplyResult {
  return {
    dryRun,
    skillGroups: pick(plan.groups),
    items: pick(plan.items),
    centres: pick(plan.centres),
    stations: pick(plan.stations),
    staff: pick(plan.staff),
    calendar: plan.calendar,
    settingsChanged: plan.settingsChanged,
  };
}

function nothingToDo(plan: ConfigPlan): boolean {
  const sets = [plan.groups, plan.items, plan.centres, plan.stations, plan.staff];
  return (
    sets.every((x) => x.write.length === 0) &&
    plan.calendar.set + plan.calendar.removed === 0 &&
    !plan.settingsChanged &&
    !plan.districtChanged
  );
}

/** After the commit: revoked kiosks are cut off, caches reloaded, slots made, everyone told. */
async function afterApply(ctx: Ctx, now: number, revokedKiosks: string[], settingsChanged: boolean) {
  for (const kioskId of revokedKiosks) {
    forgetKioskToken(kioskId);
    ctx.hub.endCredential(kioskKey(kioskId), 'station deactivated');
  }
  await ctx.catalog.load();
  if (settingsChanged) await ctx.settings.load();
  await ensureSlots(ctx.db, now);
  await loadCentreUrls(ctx);
  ctx.hub.notify(await allCentreIds(ctx.db));
}

const pick = ({ created, changed, deactivated }: ConfigChangeSet): ConfigChangeSet => ({
  created,
  changed,
  deactivated,
});
