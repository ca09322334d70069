import { z } from 'zod';
import { StaffRole } from './auth';
import { Version } from './admin-places';

// Administration of staff accounts (issue 12). A district admin holds every centre (and every new
// one); a centre admin only the centres listed. No answer ever carries a password hash.

export const StaffFields = z.object({
  displayName: z.string().min(1).max(100),
  role: StaffRole,
  centreIds: z.array(z.string().min(1)).min(1),
  skillGroups: z.array(z.string().min(1)).default([]),
  /** An admin for the whole district (every centre, also ones created later). */
  districtAdmin: z.boolean().default(false),
  active: z.boolean().default(true),
});
export const AdminStaffCreate = StaffFields.extend({
  username: z.string().regex(/^[a-z0-9_.-]{3,32}$/, '3-32 lower-case letters, digits, _ . -'),
  password: z.string().min(10).max(256),
});
export type AdminStaffCreate = z.infer<typeof AdminStaffCreate>;
export const AdminStaffUpdate = StaffFields.extend({ version: Version });
export type AdminStaffUpdate = z.infer<typeof AdminStaffUpdate>;
export const AdminStaff = StaffFields.extend({
  id: z.string(),
  username: z.string(),
  /** Set by a password reset: the person must choose a new password at the next sign-in. */
  mustChangePassword: z.boolean(),
  version: Version,
});
export type AdminStaff = z.infer<typeof AdminStaff>;

/** POST /api/v1/admin/staff/{id}/reset-password: a one-time password to hand over, shown once. */
export const PasswordReset = z.object({ temporaryPassword: z.string() });
export type PasswordReset = z.infer<typeof PasswordReset>;

/** POST /api/v1/auth/password: the signed-in person sets a new password (required after a reset). */
export const PasswordChange = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(10).max(256),
});
export type PasswordChange = z.infer<typeof PasswordChange>;
