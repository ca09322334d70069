import type {
  ErasureResult,
  ResidentErasureRequest,
  ResidentRecord,
  ResidentRequest,
} from '../../../contract/api/data';
import { DoorstepError } from '../../../contract/errors';
import { maskIdNumber } from '../../../contract/gb11643';
import type { Queryable } from '../../db/db';
import { Sealer } from '../../video/crypto';
import { type Ctx, type Principal, requireDistrictAdmin, requireStaff, writeAudit } from '../context';
import { normaliseIdNumber } from '../residents';
import { activeHold, holdsOf } from './legal-hold';
import { findResident, type ResidentRow } from './resident-lookup';
import { ERASED, hasTable, settleErasure } from './sweep';

// A resident's own record on request (个人信息保护法 arts. 45 and 47): a supervisor or admin finds the
// resident by ID number through its keyed hash (never a search over plaintext), sees and exports what
// is held within their centres, and a district admin erases it. Every lookup and erasure is audited
// with the reason the caller gave; what an open ticket, a coming appointment or an open video case
// still needs is kept, and the answer says so.

const iso = (ms: unknown) => new Date(Number(ms)).toISOString();
const isoOrNull = (ms: unknown) => (ms === null || ms === undefined ? null : iso(ms));
const OPEN_TICKET = ['waiting', 'called', 'serving'];
const CLOSED_CASE = ['ended', 'missed', 'declined'];

function sealerOf(ctx: Ctx): Sealer {
  // The video plugin's data key (central/video/options.ts), derived from the PII master key.
  return new Sealer(Buffer.from(ctx.pii.lookupHash('doorstep video data key v1'), 'base64url'));
}

const inList = (n: number) => Array.from({ length: n }, () => '?').join(', ');

async function videoTablesOf(q: Queryable): Promise<boolean> {
  return hasTable(q, 'video_cases');
}

/** Everything held about a resident in the given centres. */
async function recordOf(ctx: Ctx, r: ResidentRow, centreIds: readonly string[]): Promise<ResidentRecord> {
  const c = inList(centreIds.length);
  const tickets = await ctx.db.all<Record<string, unknown>>(
    `SELECT id, number, centre_id, station_id, item_id, channel, status, outcome, issued_at, finished_at
     FROM tickets WHERE resident_id = ? AND centre_id IN (${c}) ORDER BY issued_at`,
    [r.id, ...centreIds],
  );
  const appointments = await ctx.db.all<Record<string, unknown>>(
    `SELECT id, code, centre_id, item_id, status, starts_at FROM appointments
     WHERE resident_id = ? AND centre_id IN (${c}) ORDER BY starts_at`,
    [r.id, ...centreIds],
  );
  const videoCases: ResidentRecord['videoCases'] = [];
  if (tickets.length > 0 && (await videoTablesOf(ctx.db))) {
    const sealer = sealerOf(ctx);
    const ids = tickets.map((t) => String(t.id));
    const cases = await ctx.db.all<Record<string, unknown>>(
      `SELECT id, case_number, ticket_id, status, outcome, notes, identity_enc, created_at FROM video_cases
       WHERE ticket_id IN (${inList(ids.length)}) ORDER BY created_at`,
      ids,
    );
    for (const k of cases) {
      const docs = await ctx.db.all<Record<string, unknown>>(
        'SELECT id, kind, created_at FROM video_documents WHERE case_id = ? ORDER BY created_at',
        [k.id as string],
      );
      const forms = await ctx.db.all<Record<string, unknown>>(
        'SELECT id, template_id, status, values_enc FROM video_forms WHERE case_id = ? ORDER BY pushed_at',
        [k.id as string],
      );
      const rating = await ctx.db.get<{ level: number; reason: string | null }>(
        'SELECT level, reason FROM video_ratings WHERE case_id = ?',
        [k.id as string],
      );
      videoCases.push({
        id: String(k.id),
        caseNumber: String(k.case_number),
        ticketId: String(k.ticket_id),
        status: String(k.status),
        outcome: (k.outcome as string | null) ?? null,
        notes: String(k.notes),
        identityHeld: k.identity_enc !== null,
        createdAt: iso(k.created_at),
        documents: docs.map((d) => ({
          id: String(d.id),
          kind: String(d.kind),
          createdAt: iso(d.created_at),
        })),
        forms: forms.map((f) => ({
          id: String(f.id),
          templateId: String(f.template_id),
          status: String(f.status),
          answers: f.values_enc
            ? (JSON.parse(sealer.openText(String(f.values_enc))) as Record<string, string>)
            : null,
        })),
        rating: rating ? { level: Number(rating.level), reason: rating.reason } : null,
      });
    }
  }
  const audit = await ctx.db.all<Record<string, unknown>>(
    `SELECT at, actor_type, actor_id, action FROM audit WHERE subject_type = 'resident' AND subject_id = ?
     ORDER BY id`,
    [r.id],
  );
  const erased = r.id_enc === ERASED;
  return {
    found: true,
    resident: {
      idNumberMasked: erased ? ERASED : maskIdNumber(ctx.pii.decrypt(r.id_enc)),
      name: r.name_enc ? ctx.pii.decrypt(r.name_enc) : null,
      birthDate: r.birth_date,
      firstSeenAt: iso(r.created_at),
    },
    tickets: tickets.map((t) => ({
      id: String(t.id),
      number: String(t.number),
      centreId: String(t.centre_id),
      stationId: (t.station_id as string | null) ?? null,
      itemId: String(t.item_id),
      channel: String(t.channel),
      status: String(t.status),
      outcome: (t.outcome as string | null) ?? null,
      issuedAt: iso(t.issued_at),
      finishedAt: isoOrNull(t.finished_at),
    })),
    appointments: appointments.map((a) => ({
      id: String(a.id),
      code: String(a.code),
      centreId: String(a.centre_id),
      itemId: String(a.item_id),
      status: String(a.status),
      startsAt: iso(a.starts_at),
    })),
    videoCases,
    audit: audit.map((e) => ({
      at: iso(e.at),
      actorType: String(e.actor_type),
      actorId: String(e.actor_id),
      action: String(e.action),
    })),
    holds: await holdsOf(ctx.db, r.id, ctx.clock().getTime()),
  };
}

const EMPTY: ResidentRecord = {
  found: false,
  resident: null,
  tickets: [],
  appointments: [],
  videoCases: [],
  audit: [],
  holds: [],
};

/** A supervisor's or admin's look at one resident, audited with the reason (also when nobody is found). */
export async function residentRecord(
  ctx: Ctx,
  principal: Principal | null,
  req: ResidentRequest,
  format: 'json' | 'html',
): Promise<ResidentRecord> {
  const p = requireStaff(principal, ['supervisor', 'admin']);
  const r = await findResident(ctx, req.idNumber);
  await writeAudit(
    ctx.db,
    ctx.clock().getTime(),
    p,
    'resident.record',
    { type: 'resident', id: r?.id ?? 'not-found' },
    null,
    { reason: req.reason, format },
  );
  return r ? recordOf(ctx, r, p.staff.centreIds) : EMPTY;
}

/**
 * Erasure on request: the identity (ID number, its hash, name, birth date), the video cases'
 * identity and notes, form answers, documents and rating text of the resident's closed items go;
 * tickets and appointments stay as anonymous rows (reports count them). An open ticket, a coming
 * appointment or an open video case keeps the identity, and the answer lists it.
 */
export async function eraseResident(
  ctx: Ctx,
  principal: Principal | null,
  req: ResidentErasureRequest,
): Promise<ErasureResult> {
  const p = await requireDistrictAdmin(ctx, principal);
  const idNumber = normaliseIdNumber(req.idNumber);
  if (req.confirm.toUpperCase() !== idNumber.slice(-4)) {
    throw new DoorstepError('VALIDATION_FAILED', 'the confirmation does not match', [
      { path: 'confirm', message: 'the last four characters of the ID number' },
    ]);
  }
  const now = ctx.clock().getTime();
  const r = await findResident(ctx, idNumber);
  const counts = { tickets: 0, appointments: 0, videoCases: 0, documents: 0, forms: 0, ratings: 0 };
  if (!r) {
    await writeAudit(ctx.db, now, p, 'resident.erase', { type: 'resident', id: 'not-found' }, null, {
      reason: req.reason,
    });
    return { found: false, identityErased: false, counts, kept: [] };
  }
  const video = await videoTablesOf(ctx.db);
  const result = await ctx.db.tx(async (q) => {
    // A legal hold keeps everything: nothing is erased, and the answer names the hold. The request
    // is audited all the same (it was made, and refused for this reason).
    const hold = await activeHold(q, r.id, now);
    if (hold) {
      const kept: ErasureResult['kept'] = [
        { kind: 'legalHold', id: hold.id, why: `a legal hold: ${hold.reason}`, reason: 'legal_hold' },
      ];
      await writeAudit(q, now, p, 'resident.erase', { type: 'resident', id: r.id }, null, {
        reason: req.reason,
        identityErased: false,
        ...counts,
        kept: 1,
        heldBy: hold.id,
      });
      return { found: true, identityErased: false, counts, kept };
    }
    const kept: ErasureResult['kept'] = [];
    const tickets = await q.all<{ id: string; status: string }>(
      'SELECT id, status FROM tickets WHERE resident_id = ?',
      [r.id],
    );
    for (const t of tickets.filter((t) => OPEN_TICKET.includes(t.status))) {
      kept.push({ kind: 'ticket', id: t.id, why: `the ticket is ${t.status}`, reason: 'open_ticket' });
    }
    const appointments = await q.all<{ id: string; status: string; starts_at: number | string }>(
      'SELECT id, status, starts_at FROM appointments WHERE resident_id = ?',
      [r.id],
    );
    for (const a of appointments) {
      if (a.status === 'booked' && Number(a.starts_at) >= now) {
        kept.push({
          kind: 'appointment',
          id: a.id,
          why: 'the appointment is still to come',
          reason: 'appointment_to_come',
        });
      }
    }
    counts.tickets = tickets.length;
    counts.appointments = appointments.length;
    if (video && tickets.length > 0) {
      const cases = await q.all<{ id: string; status: string }>(
        `SELECT id, status FROM video_cases WHERE ticket_id IN (${inList(tickets.length)})`,
        tickets.map((t) => t.id),
      );
      for (const k of cases) {
        if (!CLOSED_CASE.includes(k.status)) {
          kept.push({
            kind: 'videoCase',
            id: k.id,
            why: `the video case is ${k.status}`,
            reason: 'open_case',
          });
          continue;
        }
        const open = await q.get(
          "SELECT 1 AS one FROM video_followups WHERE case_id = ? AND status <> 'closed'",
          [k.id],
        );
        counts.videoCases += await q.run(
          `UPDATE video_cases SET identity_enc = NULL, notes = '${ERASED}' WHERE id = ?`,
          [k.id],
        );
        counts.documents += await q.run('DELETE FROM video_documents WHERE case_id = ?', [k.id]);
        counts.forms += await q.run(
          'UPDATE video_forms SET values_enc = NULL WHERE case_id = ? AND values_enc IS NOT NULL',
          [k.id],
        );
        if (open) {
          // The follow-up of a poor rating is a matter still being handled: its reason stays until closed.
          kept.push({
            kind: 'followup',
            id: k.id,
            why: 'the follow-up of the rating is still open',
            reason: 'open_followup',
          });
          continue;
        }
        counts.ratings += await q.run(
          `UPDATE video_ratings SET reason = '${ERASED}' WHERE case_id = ? AND reason IS NOT NULL`,
          [k.id],
        );
        await q.run(
          `UPDATE video_followups SET reason = '${ERASED}',
             resolution = CASE WHEN resolution IS NULL THEN NULL ELSE '${ERASED}' END WHERE case_id = ?`,
          [k.id],
        );
      }
    }
    // The answers kept for retried requests (7 days) repeat what was sent — an identity, a rating's
    // words: those that name one of the resident's tickets, cases or bookings go too.
    const caseIds =
      video && tickets.length > 0
        ? (
            await q.all<{ id: string }>(
              `SELECT id FROM video_cases WHERE ticket_id IN (${inList(tickets.length)})`,
              tickets.map((t) => t.id),
            )
          ).map((k) => k.id)
        : [];
    for (const id of [...tickets.map((t) => t.id), ...appointments.map((a) => a.id), ...caseIds]) {
      if (kept.some((k) => k.id === id)) continue;
      await q.run('DELETE FROM idempotency WHERE path LIKE ? OR body LIKE ?', [`%${id}%`, `%${id}%`]);
    }
    const holdsIdentity = kept.some((k) => k.kind !== 'followup');
    if (!holdsIdentity) {
      await q.run(
        `UPDATE residents SET id_hash = 'erased:' || id, id_enc = '${ERASED}', name_enc = NULL, birth_date = NULL
         WHERE id = ?`,
        [r.id],
      );
    }
    await writeAudit(q, now, p, 'resident.erase', { type: 'resident', id: r.id }, null, {
      reason: req.reason,
      identityErased: !holdsIdentity,
      ...counts,
      kept: kept.length,
    });
    return { found: true, identityErased: !holdsIdentity, counts, kept };
  });
  await settleErasure(ctx.db);
  return result;
}
