import { z } from 'zod';

// Staff sign-in (POST /api/v1/auth/login) and who is signed in (GET /api/v1/auth/me).

export const StaffRole = z.enum(['agent', 'supervisor', 'admin']);
export type StaffRole = z.infer<typeof StaffRole>;

export const LoginRequest = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const StaffMember = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: StaffRole,
  /** Centres this person may act on (staff are scoped to centres). */
  centreIds: z.array(z.string()),
  /** Skill groups an agent serves ("call next" draws from these). */
  skillGroups: z.array(z.string()),
});
export type StaffMember = z.infer<typeof StaffMember>;

export const LoginResponse = z.object({
  staff: StaffMember,
  /** Send back as the X-CSRF-Token header on every mutating request made with the session cookie. */
  csrfToken: z.string(),
  expiresAt: z.string().datetime({ offset: true }),
  /** The password was reset by an admin: POST /api/v1/auth/password before anything else. */
  mustChangePassword: z.boolean().optional(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MeResponse = z.object({ staff: StaffMember, csrfToken: z.string() });
export type MeResponse = z.infer<typeof MeResponse>;

export const OkResponse = z.object({ ok: z.literal(true) });
export type OkResponse = z.infer<typeof OkResponse>;

/** Header names used by the API. */
export const HEADERS = {
  csrf: 'x-csrf-token',
  idempotencyKey: 'idempotency-key',
  /** Set to "true" on a response replayed for a repeated Idempotency-Key. */
  idempotentReplay: 'idempotent-replay',
} as const;
export const SESSION_COOKIE = 'doorstep_session';
/**
 * The session cookie's name over https. A `__Host-` cookie is accepted by browsers only with Secure,
 * Path=/ and no Domain, so no sibling host or plain-http page can plant or overwrite it (docs/tls.md).
 */
export const SECURE_SESSION_COOKIE = '__Host-doorstep_session';
export const sessionCookieName = (secure: boolean): string =>
  secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;

/** POST /api/v1/admin/staff (admin, for centres in their own scope). */
export const StaffCreateRequest = z.object({
  username: z.string().regex(/^[a-z0-9_.-]{3,32}$/, '3-32 lower-case letters, digits, _ . -'),
  displayName: z.string().min(1).max(100),
  role: StaffRole,
  centreIds: z.array(z.string().min(1)).min(1),
  skillGroups: z.array(z.string().min(1)).default([]),
  password: z.string().min(10).max(256),
});
export type StaffCreateRequest = z.infer<typeof StaffCreateRequest>;
