import { sessionKey } from '../security/live-sockets';
import type { StaffCreateRequest, StaffMember } from '../../contract/api/auth';
import { DoorstepError } from '../../contract/errors';
import { isUniqueViolation, jsonOf, toBool } from '../db/db';
import {
  dummyHash,
  hashPassword,
  needsRehash,
  newId,
  newToken,
  sha256,
  verifyPassword,
} from '../security/secrets';
import { type Ctx, type Principal, assertCentre, requireStaff, writeAudit } from './context';

// Staff sign-in: scrypt-checked password, a random session token (stored as its SHA-256) in an
// HttpOnly cookie, and a CSRF token returned at login that cookie-authenticated mutations echo back.

export const SESSION_HOURS = 12;

interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: StaffMember['role'];
  password_hash: string;
  centre_ids: string;
  skill_groups: string;
  active: number;
  must_change_password?: number;
}

export function staffOf(r: StaffRow): StaffMember {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    centreIds: jsonOf<string[]>(r.centre_ids, []),
    skillGroups: jsonOf<string[]>(r.skill_groups, []),
  };
}

export async function login(
  ctx: Ctx,
  username: string,
  password: string,
): Promise<{
  staff: StaffMember;
  token: string;
  csrfToken: string;
  expiresAt: number;
  mustChangePassword: boolean;
}> {
  const row = await ctx.db.get<StaffRow>('SELECT * FROM staff WHERE username = ?', [username]);
  // An unknown user is checked against a dummy hash of the same cost: timing does not reveal usernames.
  const ok = await verifyPassword(password, row?.password_hash ?? dummyHash(ctx.passwordParams));
  if (!row || !ok || !toBool(row.active)) {
    throw new DoorstepError('UNAUTHENTICATED', 'wrong username or password');
  }
  if (needsRehash(row.password_hash, ctx.passwordParams)) {
    // Hashed at an older, lower cost: the password is known right now, so hash it at today's cost.
    // Only if unchanged meanwhile (a password change at the same moment wins).
    const hash = await hashPassword(password, ctx.passwordParams);
    await ctx.db.run('UPDATE staff SET password_hash = ? WHERE id = ? AND password_hash = ?', [
      hash,
      row.id,
      row.password_hash,
    ]);
  }
  const token = newToken('dss');
  const csrfToken = newToken('csrf');
  const now = ctx.clock().getTime();
  const expiresAt = now + SESSION_HOURS * 3600_000;
  await ctx.db.run(
    'INSERT INTO sessions (token_hash, staff_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    [sha256(token), row.id, csrfToken, now, expiresAt],
  );
  return {
    staff: staffOf(row),
    token,
    csrfToken,
    expiresAt,
    mustChangePassword: toBool(row.must_change_password),
  };
}

export async function logout(ctx: Ctx, sessionHash: string): Promise<void> {
  await ctx.db.run('DELETE FROM sessions WHERE token_hash = ?', [sessionHash]);
  ctx.hub.endCredential(sessionKey(sessionHash), 'signed out');
}

export async function staffFromSession(ctx: Ctx, token: string): Promise<Principal | null> {
  const hash = sha256(token);
  const row = await ctx.db.get<StaffRow & { csrf: string; expires_at: number }>(
    `SELECT s.*, x.csrf, x.expires_at FROM sessions x JOIN staff s ON s.id = x.staff_id WHERE x.token_hash = ?`,
    [hash],
  );
  if (!row || Number(row.expires_at) < ctx.clock().getTime() || !toBool(row.active)) return null;
  return {
    kind: 'staff',
    staff: staffOf(row),
    sessionHash: hash,
    csrf: row.csrf,
    ...(toBool(row.must_change_password) ? { mustChangePassword: true } : {}),
  };
}

/** Adds a staff member (admin only, within the admin's own centres); the password is stored scrypt-hashed. */
export async function createStaff(
  ctx: Ctx,
  principal: Principal | null,
  body: StaffCreateRequest,
): Promise<StaffMember> {
  const p = requireStaff(principal, ['admin']);
  for (const c of body.centreIds) assertCentre(p, c);
  const id = newId('st');
  const hash = await hashPassword(body.password, ctx.passwordParams);
  try {
    await ctx.db.tx(async (q) => {
      await q.run(
        `INSERT INTO staff (id, username, display_name, role, password_hash, centre_ids, skill_groups)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          body.username,
          body.displayName,
          body.role,
          hash,
          JSON.stringify(body.centreIds),
          JSON.stringify(body.skillGroups),
        ],
      );
      await writeAudit(
        q,
        ctx.clock().getTime(),
        p,
        'staff.create',
        { type: 'staff', id },
        body.centreIds[0]!,
        {
          role: body.role,
        },
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DoorstepError('CONFLICT', `the username ${body.username} is taken`);
    throw err;
  }
  const { password: _pw, ...rest } = body;
  return { id, ...rest };
}
