import type { Db, Queryable } from '../db/db';
import type { Clock } from '../domain/time';
import type { PiiCipher } from '../security/pii';
import type { ScryptParams } from '../security/secrets';
import type { StaffMember } from '../../contract/api/auth';
import type { EventBody } from '../../contract/events';
import { DoorstepError } from '../../contract/errors';
import type { EventHub } from './event-hub';
import type { SettingsStore } from './settings';
import type { CatalogCache } from './catalog';
import type { WebhookDispatcher } from './webhooks';

// Who is asking (resolved once per request by the HTTP layer) and what every service gets.

export type Principal =
  | {
      kind: 'staff';
      staff: StaffMember;
      sessionHash: string;
      csrf: string;
      system?: SystemAct;
      /** After a password reset: only the password change is allowed (see http/auth.ts). */
      mustChangePassword?: boolean;
    }
  | { kind: 'station'; kioskId: string; stationId: string; centreId: string };

/**
 * Central acting on its own in a staff member's name (a video time limit recalls, marks no-show or
 * returns the agent's ticket): audited with actor type 'system' and the reason as actor id; the
 * staff member and `detail` go into the audit detail.
 */
export interface SystemAct {
  reason: string;
  detail?: Record<string, unknown>;
}

export interface Ctx {
  db: Db;
  clock: Clock;
  pii: PiiCipher;
  /** scrypt cost of new password hashes (security/secrets.ts); default PASSWORD_PARAMS. */
  passwordParams?: ScryptParams;
  hub: EventHub;
  settings: SettingsStore;
  catalog: CatalogCache;
  /**
   * Base URL for links printed on tickets (the QR status page): the centre's own public base URL
   * when an admin set one (issue 12), else central's.
   */
  publicUrl(centreId?: string): string;
  /** Centres' public base URLs (kept by services/admin/centre-urls.ts). */
  centreUrls?: Map<string, string>;
  webhooks?: WebhookDispatcher;
  /** Production mode (not the demo seed): resident-facing URLs and webhooks are https only. */
  production?: boolean;
}

/** Events collected during a transaction, written at its end (after every row lock is taken). */
export type PendingEvent = { centreId: string } & EventBody;

export function actorOf(p: Principal | null): { type: string; id: string } {
  if (!p) return { type: 'public', id: '-' };
  if (p.kind === 'staff' && p.system) return { type: 'system', id: p.system.reason };
  return p.kind === 'staff' ? { type: 'staff', id: p.staff.id } : { type: 'kiosk', id: p.kioskId };
}

/** 403 unless the principal may act on the centre. */
export function assertCentre(p: Principal, centreId: string): void {
  const ok = p.kind === 'staff' ? p.staff.centreIds.includes(centreId) : p.centreId === centreId;
  if (!ok) throw new DoorstepError('FORBIDDEN', `not allowed for centre ${centreId}`);
}

export function requireStaff(
  p: Principal | null,
  roles?: StaffMember['role'][],
): Extract<Principal, { kind: 'staff' }> {
  if (!p) throw new DoorstepError('UNAUTHENTICATED', 'sign in first');
  if (p.kind !== 'staff') throw new DoorstepError('FORBIDDEN', 'staff only');
  if (roles && !roles.includes(p.staff.role)) {
    throw new DoorstepError('FORBIDDEN', `needs the role ${roles.join(' or ')}`);
  }
  return p;
}

/**
 * District-wide acts (the settings every centre runs on): an admin of every centre of the district.
 * An admin of some centres manages those centres' kiosks, staff and webhooks only.
 */
export async function requireDistrictAdmin(
  ctx: Ctx,
  principal: Principal | null,
): Promise<Extract<Principal, { kind: 'staff' }>> {
  const p = requireStaff(principal, ['admin']);
  const centres = await ctx.db.all<{ id: string }>('SELECT id FROM centres');
  if (!centres.every((c) => p.staff.centreIds.includes(c.id))) {
    throw new DoorstepError('FORBIDDEN', 'district-wide settings need an admin of every centre');
  }
  return p;
}

export function requireStation(p: Principal | null): Extract<Principal, { kind: 'station' }> {
  if (!p) throw new DoorstepError('UNAUTHENTICATED', 'a station token is required');
  if (p.kind !== 'station') throw new DoorstepError('FORBIDDEN', 'kiosks only');
  return p;
}

export function requireAny(p: Principal | null): Principal {
  if (!p) throw new DoorstepError('UNAUTHENTICATED', 'sign in or use a station token');
  return p;
}

export async function writeAudit(
  q: Queryable,
  at: number,
  p: Principal | null,
  action: string,
  subject: {
    type: 'ticket' | 'appointment' | 'resident' | 'station' | 'staff' | 'settings' | 'webhook';
    id: string;
  },
  centreId: string | null,
  detail?: Record<string, unknown>,
): Promise<void> {
  const a = actorOf(p);
  if (p?.kind === 'staff' && p.system) {
    detail = { ...detail, ...p.system.detail, reason: p.system.reason, agentId: p.staff.id };
  }
  await q.run(
    `INSERT INTO audit (at, actor_type, actor_id, action, subject_type, subject_id, centre_id, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [at, a.type, a.id, action, subject.type, subject.id, centreId, detail ? JSON.stringify(detail) : null],
  );
}
