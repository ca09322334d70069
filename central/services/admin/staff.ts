import type {
  AdminStaff,
  AdminStaffCreate,
  AdminStaffUpdate,
  PasswordChange,
  PasswordReset,
} from '../../../contract/api/admin-staff';
import { DoorstepError } from '../../../contract/errors';
import { type Queryable, isUniqueViolation, jsonOf, toBool } from '../../db/db';
import { staffKey } from '../../security/live-sockets';
import { hashPassword, newId, randomFrom, verifyPassword } from '../../security/secrets';
import { type Ctx, type Principal, requireStaff } from '../context';
import { type Admin, auditChange, invalid, requireAdmin, updateVersioned } from './common';

// Staff accounts for administrators. A centre admin sees and changes only accounts whose centres
// are all theirs, and gives only their own centres; only a district admin makes district admins.
// Answers never carry a hash; a reset hands out a one-time password the person must replace.

interface Row {
  id: string;
  username: string;
  display_name: string;
  role: AdminStaff['role'];
  centre_ids: string;
  skill_groups: string;
  district_admin: number;
  must_change_password: number;
  active: number;
  version: number;
}
export const adminStaffOf = (r: Row): AdminStaff => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  centreIds: jsonOf<string[]>(r.centre_ids, []),
  skillGroups: jsonOf<string[]>(r.skill_groups, []),
  districtAdmin: toBool(r.district_admin),
  mustChangePassword: toBool(r.must_change_password),
  active: toBool(r.active),
  version: Number(r.version),
});
const COLS =
  'id, username, display_name, role, centre_ids, skill_groups, district_admin, must_change_password, active, version';

const visible = (a: Admin, s: AdminStaff) => a.district || s.centreIds.every((c) => a.centres.has(c));

async function row(q: Queryable, a: Admin, id: string): Promise<AdminStaff> {
  const r = await q.get<Row>(`SELECT ${COLS} FROM staff WHERE id = ?`, [id]);
  const s = r && adminStaffOf(r);
  if (!s || !visible(a, s)) throw new DoorstepError('NOT_FOUND', `no staff member ${id}`);
  return s;
}

async function checkFields(q: Queryable, a: Admin, body: AdminStaffUpdate | AdminStaffCreate) {
  body.centreIds.forEach((c, i) => {
    if (!a.centres.has(c)) throw invalid(`centreIds.${i}`, `no centre ${c}`);
  });
  if (body.districtAdmin && !a.district)
    throw invalid('districtAdmin', 'only a district administrator can make one');
  if (body.districtAdmin && body.role !== 'admin')
    throw invalid('districtAdmin', 'a district administrator has the admin role');
  const groups = new Set((await q.all<{ id: string }>('SELECT id FROM skill_groups')).map((r) => r.id));
  body.skillGroups.forEach((g, i) => {
    if (!groups.has(g)) throw invalid(`skillGroups.${i}`, `no skill group ${g}`);
  });
}

export async function listStaff(ctx: Ctx, principal: Principal | null): Promise<AdminStaff[]> {
  const a = await requireAdmin(ctx, principal);
  const rows = await ctx.db.all<Row>(`SELECT ${COLS} FROM staff ORDER BY username`);
  return rows.map(adminStaffOf).filter((s) => visible(a, s));
}

export async function createAdminStaff(
  ctx: Ctx,
  principal: Principal | null,
  body: AdminStaffCreate,
): Promise<AdminStaff> {
  const a = await requireAdmin(ctx, principal);
  const now = ctx.clock().getTime();
  const hash = await hashPassword(body.password, ctx.passwordParams);
  const id = newId('st');
  try {
    return await ctx.db.tx(async (q) => {
      await checkFields(q, a, body);
      if (await q.get('SELECT id FROM staff WHERE username = ?', [body.username])) {
        throw invalid('username', `the username ${body.username} is taken`);
      }
      await q.run(
        `INSERT INTO staff (id, username, display_name, role, password_hash, centre_ids, skill_groups, district_admin, active)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          body.username,
          body.displayName,
          body.role,
          hash,
          JSON.stringify(body.centreIds),
          JSON.stringify(body.skillGroups),
          body.districtAdmin ? 1 : 0,
          body.active ? 1 : 0,
        ],
      );
      const after = await row(q, a, id);
      await auditChange(q, now, a, 'staff.create', { type: 'staff', id }, body.centreIds[0]!, null, after);
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw invalid('username', `the username ${body.username} is taken`);
    throw err;
  }
}

export async function updateAdminStaff(
  ctx: Ctx,
  principal: Principal | null,
  id: string,
  body: AdminStaffUpdate,
): Promise<AdminStaff> {
  const a = await requireAdmin(ctx, principal);
  const now = ctx.clock().getTime();
  const saved = await ctx.db.tx(async (q) => {
    const before = await row(q, a, id);
    await checkFields(q, a, body);
    if (id === a.p.staff.id && (!body.active || body.role !== 'admin')) {
      throw invalid('active', 'you cannot disable your own account or take away your own admin role');
    }
    await updateVersioned(q, 'staff', id, body.version, {
      display_name: body.displayName,
      role: body.role,
      centre_ids: JSON.stringify(body.centreIds),
      skill_groups: JSON.stringify(body.skillGroups),
      district_admin: body.districtAdmin ? 1 : 0,
      active: body.active ? 1 : 0,
    });
    // A disabled account is signed out everywhere at once.
    if (!body.active) await q.run('DELETE FROM sessions WHERE staff_id = ?', [id]);
    const after = await row(q, a, id);
    await auditChange(
      q,
      now,
      a,
      'staff.update',
      { type: 'staff', id },
      after.centreIds[0] ?? null,
      before,
      after,
    );
    return after;
  });
  // Its open event and video sockets close with the sessions.
  if (!body.active) ctx.hub.endCredential(staffKey(id), 'account disabled');
  return saved;
}

/** A readable one-time password: 12 characters without look-alikes (0/O, 1/l/I). */
function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomFrom(12)].map((b) => alphabet[b % alphabet.length]).join('');
}

export async function resetPassword(
  ctx: Ctx,
  principal: Principal | null,
  id: string,
): Promise<PasswordReset> {
  const a = await requireAdmin(ctx, principal);
  const pw = temporaryPassword();
  const hash = await hashPassword(pw, ctx.passwordParams);
  const now = ctx.clock().getTime();
  await ctx.db.tx(async (q) => {
    const s = await row(q, a, id);
    await q.run(
      'UPDATE staff SET password_hash = ?, must_change_password = 1, version = version + 1 WHERE id = ?',
      [hash, id],
    );
    await q.run('DELETE FROM sessions WHERE staff_id = ?', [id]);
    await auditChange(
      q,
      now,
      a,
      'staff.reset_password',
      { type: 'staff', id },
      s.centreIds[0] ?? null,
      null,
      {
        mustChangePassword: true,
      },
    );
  });
  // A reset signs the account out everywhere, its sockets included.
  ctx.hub.endCredential(staffKey(id), 'password reset');
  return { temporaryPassword: pw };
}

/** The signed-in person replaces their password (after a reset this is the only thing they may do). */
export async function changeOwnPassword(
  ctx: Ctx,
  principal: Principal | null,
  body: PasswordChange,
): Promise<void> {
  const p = requireStaff(principal);
  const cur = await ctx.db.get<{ password_hash: string }>('SELECT password_hash FROM staff WHERE id = ?', [
    p.staff.id,
  ]);
  if (!cur || !(await verifyPassword(body.currentPassword, cur.password_hash))) {
    throw invalid('currentPassword', 'the current password is wrong');
  }
  if (body.newPassword === body.currentPassword)
    throw invalid('newPassword', 'choose a password you have not used here');
  const hash = await hashPassword(body.newPassword, ctx.passwordParams);
  await ctx.db.tx(async (q) => {
    await q.run(
      'UPDATE staff SET password_hash = ?, must_change_password = 0, version = version + 1 WHERE id = ?',
      [hash, p.staff.id],
    );
    await q.run('DELETE FROM sessions WHERE staff_id = ? AND token_hash <> ?', [p.staff.id, p.sessionHash]);
    await auditChange(
      q,
      ctx.clock().getTime(),
      null,
      'staff.change_password',
      { type: 'staff', id: p.staff.id },
      null,
      null,
      null,
    );
  });
}

/** First start of a production install: a district admin without any demo account (cli: admin create). */
export async function createFirstAdmin(
  q: Queryable,
  username: string,
  password: string,
  now: number,
): Promise<{ id: string; created: boolean }> {
  const hash = await hashPassword(password);
  const existing = await q.get<{ id: string }>('SELECT id FROM staff WHERE username = ?', [username]);
  const centres = (await q.all<{ id: string }>('SELECT id FROM centres')).map((r) => r.id);
  if (existing) {
    await q.run(
      "UPDATE staff SET password_hash = ?, role = 'admin', district_admin = 1, active = 1, centre_ids = ?, version = version + 1 WHERE id = ?",
      [hash, JSON.stringify(centres), existing.id],
    );
  } else {
    await q.run(
      `INSERT INTO staff (id, username, display_name, role, password_hash, centre_ids, skill_groups, district_admin)
       VALUES (?, ?, ?, 'admin', ?, ?, '[]', 1)`,
      [newId('st'), username, username, hash, JSON.stringify(centres)],
    );
  }
  const id =
    existing?.id ?? (await q.get<{ id: string }>('SELECT id FROM staff WHERE username = ?', [username]))!.id;
  await auditChange(
    q,
    now,
    null,
    existing ? 'staff.admin_reset' : 'staff.admin_create',
    { type: 'staff', id },
    null,
    null,
    {
      username,
      districtAdmin: true,
    },
  );
  return { id, created: !existing };
}
