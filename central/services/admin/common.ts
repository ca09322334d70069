import { DoorstepError, type FieldError } from '../../../contract/errors';
import type { Queryable } from '../../db/db';
import { toBool } from '../../db/db';
import { type Ctx, type Principal, actorOf, requireStaff } from '../context';
import { appendEvents } from '../event-hub';
import type { ConfigChanged } from '../../../contract/events';
import type { z } from 'zod';

// What every administration service shares: who the admin is and which centres they hold, the
// scope rule, record versions, audit with before/after, and the config.changed event.
//
// Scope: a district admin holds every centre; a centre admin the centres on their account. A record
// of a centre outside the scope is answered exactly as one that does not exist (404 with the id the
// caller sent), so a centre admin learns nothing about other centres, not even from errors.

export interface Admin {
  p: Extract<Principal, { kind: 'staff' }>;
  district: boolean;
  centres: ReadonlySet<string>;
}

export async function requireAdmin(
  ctx: Ctx,
  principal: Principal | null,
  q: Queryable = ctx.db,
): Promise<Admin> {
  const p = requireStaff(principal, ['admin']);
  const row = await q.get<{ district_admin: number }>('SELECT district_admin FROM staff WHERE id = ?', [
    p.staff.id,
  ]);
  const district = toBool(row?.district_admin);
  const centres = district
    ? new Set((await q.all<{ id: string }>('SELECT id FROM centres')).map((r) => r.id))
    : new Set(p.staff.centreIds);
  return { p, district, centres };
}

/** District-wide records (catalogue, calendar holidays, settings, new centres) are the district admin's. */
export function requireDistrict(a: Admin): void {
  if (!a.district) throw new DoorstepError('FORBIDDEN', 'only a district administrator may change this');
}

/** 404, exactly like a missing record, when the centre is not the admin's. */
export function inScope(a: Admin, centreId: string, what: string, id: string): void {
  if (!a.centres.has(centreId)) throw new DoorstepError('NOT_FOUND', `no ${what} ${id}`);
}

export function invalid(path: string, message: string): DoorstepError {
  return new DoorstepError('VALIDATION_FAILED', message, [{ path, message }]);
}

export function invalidFields(fields: FieldError[]): DoorstepError {
  return new DoorstepError('VALIDATION_FAILED', fields[0]?.message ?? 'not valid', fields);
}

/**
 * Writes a versioned update: the row must still be at `version`, else 409 VERSION_CONFLICT (someone
 * else saved in between). Resolves with the new version.
 */
export async function updateVersioned(
  q: Queryable,
  table: string,
  id: string,
  version: number,
  sets: Record<string, string | number | null>,
): Promise<number> {
  const cols = Object.keys(sets);
  const n = await q.run(
    `UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')}, version = version + 1 WHERE id = ? AND version = ?`,
    [...cols.map((c) => sets[c]!), id, version],
  );
  if (n !== 1) {
    const cur = await q.get<{ version: number }>(`SELECT version FROM ${table} WHERE id = ?`, [id]);
    throw new DoorstepError(
      'VERSION_CONFLICT',
      `someone else changed this record (now at version ${cur?.version ?? '?'}, your edit was made on version ${version}); reload it and edit again`,
    );
  }
  return version + 1;
}

export type SubjectType =
  'centre' | 'station' | 'kiosk' | 'item' | 'skill_group' | 'staff' | 'calendar' | 'settings' | 'config';

/** One audit entry with what the record was and became (secrets never included by callers). */
export async function auditChange(
  q: Queryable,
  at: number,
  a: Admin | null,
  action: string,
  subject: { type: SubjectType; id: string },
  centreId: string | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  const actor = actorOf(a?.p ?? null);
  const who = a ? actor : { type: 'system', id: 'setup' };
  await q.run(
    `INSERT INTO audit (at, actor_type, actor_id, action, subject_type, subject_id, centre_id, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      at,
      who.type,
      who.id,
      action,
      subject.type,
      subject.id,
      centreId,
      JSON.stringify({ before: before ?? null, after: after ?? null }),
    ],
  );
}

type ConfigEntity = z.infer<typeof ConfigChanged>['data']['entity'];

/** Queues config.changed on the streams of the centres concerned (call ctx.hub.notify after commit). */
export async function configChanged(
  q: Queryable,
  at: number,
  centreIds: Iterable<string>,
  entity: ConfigEntity,
  id: string,
): Promise<string[]> {
  const list = [...new Set(centreIds)];
  await appendEvents(
    q,
    at,
    list.map((centreId) => ({ centreId, type: 'config.changed' as const, data: { entity, id } })),
  );
  return list;
}

export async function allCentreIds(q: Queryable): Promise<string[]> {
  return (await q.all<{ id: string }>('SELECT id FROM centres')).map((r) => r.id);
}
