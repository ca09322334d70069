import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DoorstepError } from '../../contract/errors';
import type { VDb } from './db-port';

// Who is calling a video route: a signed-in staff member (session cookie + CSRF header on mutations)
// or a kiosk (station Bearer token). Shaped like the central service's Principal so its own resolver
// can be passed in; the default reads the same sessions and kiosks tables (tokens stored as SHA-256).

export interface StaffPrincipal {
  kind: 'staff';
  staff: { id: string; displayName: string; role: 'agent' | 'supervisor' | 'admin'; centreIds: string[] };
  csrf: string;
}
export interface StationPrincipal {
  kind: 'station';
  kioskId: string;
  stationId: string;
  centreId: string;
}
export type VPrincipal = StaffPrincipal | StationPrincipal;
export type ResolvePrincipal = (req: FastifyRequest) => Promise<VPrincipal | null>;

const SESSION_COOKIE = 'doorstep_session';
const hash = (v: string) => createHash('sha256').update(v).digest('base64url');

export function cookieOf(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' ? q : null;
}

export function defaultResolver(db: VDb, now: () => number): ResolvePrincipal {
  return async (req) => {
    // Inside the central app its auth hook has already resolved (and CSRF-checked) the caller.
    const resolved = (req as unknown as { principal?: VPrincipal | null }).principal;
    if (resolved !== undefined) return resolved;
    const bearer = bearerOf(req);
    if (bearer) {
      const k = await db.get<{ id: string; station_id: string; centre_id: string }>(
        `SELECT k.id, k.station_id, s.centre_id FROM kiosks k JOIN stations s ON s.id = k.station_id
         WHERE k.token_hash = ? AND k.revoked_at IS NULL`,
        [hash(bearer)],
      );
      return k ? { kind: 'station', kioskId: k.id, stationId: k.station_id, centreId: k.centre_id } : null;
    }
    const cookie = cookieOf(req.headers.cookie, SESSION_COOKIE);
    if (!cookie) return null;
    const s = await db.get<{
      id: string;
      display_name: string;
      role: string;
      centre_ids: string;
      csrf: string;
    }>(
      `SELECT st.id, st.display_name, st.role, st.centre_ids, se.csrf FROM sessions se
       JOIN staff st ON st.id = se.staff_id WHERE se.token_hash = ? AND se.expires_at > ? AND st.active = 1`,
      [hash(cookie), now()],
    );
    if (!s) return null;
    return {
      kind: 'staff',
      staff: {
        id: s.id,
        displayName: s.display_name,
        role: s.role as StaffPrincipal['staff']['role'],
        centreIds: JSON.parse(s.centre_ids) as string[],
      },
      csrf: s.csrf,
    };
  };
}

export function requireStaffP(p: VPrincipal | null, req: FastifyRequest, roles?: string[]): StaffPrincipal {
  if (!p) throw new DoorstepError('UNAUTHENTICATED', 'sign in first');
  if (p.kind !== 'staff') throw new DoorstepError('FORBIDDEN', 'staff only');
  if (req.method !== 'GET' && req.headers['x-csrf-token'] !== p.csrf) {
    throw new DoorstepError('FORBIDDEN', 'missing or wrong X-CSRF-Token');
  }
  if (roles && !roles.includes(p.staff.role))
    throw new DoorstepError('FORBIDDEN', `needs ${roles.join('/')}`);
  return p;
}

export function requireStation(p: VPrincipal | null): StationPrincipal {
  if (!p) throw new DoorstepError('UNAUTHENTICATED', 'station token required');
  if (p.kind !== 'station') throw new DoorstepError('FORBIDDEN', 'kiosks only');
  return p;
}
