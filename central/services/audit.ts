import type { AuditEntry, AuditList, AuditQuery } from '../../contract/api/admin';
import { maskIdNumber, maskName } from '../../contract/gb11643';
import { maskPiiText } from '../security/mask';
import { type Ctx, type Principal, requireStaff } from './context';

// Reading the audit log (GET /api/v1/admin/audit): supervisors and admins see the entries of their
// centres and central-wide ones, with what each action recorded (`detail`) — which agent, ticket or
// video case an automatic action concerned — but never personal data: the detail is masked for reading.

/** Keys whose value is a person's name (masked to the first character). */
const NAME_KEYS = new Set(['name', 'residentName', 'fullName']);
/** Keys whose value is an ID number (masked to the first 6 and last 4 characters). */
const ID_KEYS = new Set(['idNumber', 'idNumberMasked', 'idMasked']);
/** Other personal fields and free text staff typed (which may name or number a person): not shown. */
const HIDDEN_KEYS = new Set([
  'phone',
  'mobile',
  'address',
  'birthDate',
  'birth',
  'note',
  'comment',
  'text',
  'message',
  'identity',
]);
export const MASKED = '[masked]';

const MOBILE_LIKE = /(?<![0-9])(1[3-9]\d)(\d{4})(\d{4})(?![0-9])/g;

function maskText(s: string): string {
  return maskPiiText(s).replace(MOBILE_LIKE, (_m, a: string, _b: string, c: string) => `${a}****${c}`);
}

function maskValue(key: string, v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (HIDDEN_KEYS.has(key)) return MASKED;
  if (typeof v === 'string') {
    if (NAME_KEYS.has(key)) return maskName(v);
    if (ID_KEYS.has(key)) return maskIdNumber(v);
    return maskText(v);
  }
  if (Array.isArray(v)) return v.map((x) => maskValue('', x));
  if (typeof v === 'object') return maskDetail(v as Record<string, unknown>);
  return v;
}

/** An audit detail as a reader may see it: personal data masked, the rest (ids, codes, counts) kept. */
export function maskDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(detail)) out[k] = maskValue(k, v);
  return out;
}

function parseDetail(raw: unknown): Record<string, unknown> | null {
  if (raw === null || raw === undefined || raw === '') return null;
  try {
    const v: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
    return v && typeof v === 'object' && !Array.isArray(v) ? maskDetail(v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export async function listAudit(
  ctx: Ctx,
  principal: Principal | null,
  query: AuditQuery,
): Promise<AuditList> {
  const p = requireStaff(principal, ['admin', 'supervisor']);
  const marks = p.staff.centreIds.map(() => '?').join(', ');
  const rows = await ctx.db.all<Record<string, string | number | null>>(
    `SELECT * FROM audit WHERE (centre_id IS NULL OR centre_id IN (${marks})) ${query.subjectId ? 'AND subject_id = ?' : ''}
     ORDER BY id DESC LIMIT ?`,
    [...p.staff.centreIds, ...(query.subjectId ? [query.subjectId] : []), query.limit],
  );
  const entries: AuditEntry[] = rows.map((r) => ({
    id: Number(r.id),
    at: new Date(Number(r.at)).toISOString(),
    actorType: String(r.actor_type),
    actorId: String(r.actor_id),
    action: String(r.action),
    subjectType: String(r.subject_type),
    subjectId: String(r.subject_id),
    centreId: (r.centre_id as string | null) ?? null,
    detail: parseDetail(r.detail),
  }));
  return { entries };
}
