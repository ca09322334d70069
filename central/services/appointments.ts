import { randomInt } from 'node:crypto';
import {
  APPOINTMENT_CODE_ALPHABET,
  APPOINTMENT_CODE_LENGTH,
  NORMALISED_CODE_SQL,
  normaliseAppointmentCode,
} from '../../contract/appointment-code';
import type {
  AppointmentList,
  AppointmentLookupResponse,
  AppointmentQuery,
  BookRequest,
  CheckInRequest,
  CheckInResponse,
  CheckInWindow,
  ResidentAppointment,
  SlotList,
  SlotQuery,
} from '../../contract/api/appointments';
import type { Appointment, AppointmentSlot } from '../../contract/appointment';
import { DoorstepError } from '../../contract/errors';
import { maskIdNumber } from '../../contract/gb11643';
import type { Queryable } from '../db/db';
import { addDays, iso, serviceDayOf, shanghaiTime } from '../domain/time';
import { newId } from '../security/secrets';
import { type Ctx, type Principal, assertCentre, requireStaff, requireStation, writeAudit } from './context';
import { appendEvents } from './event-hub';
import { marks, normaliseIdNumber, residentIdFor } from './residents';
import { identifiedByOf, issueTicket } from './tickets';

// Appointments (预约办理): slots with a capacity, booking by ID number, cancel, and check-in from
// `checkInBeforeMinutes` before to `checkInAfterMinutes` after the start, which issues a ticket with
// appointment priority. Missed appointments become no-shows; `noShowLimit` of them within
// `noShowWindowDays` block booking for `blockDays` (settings).

interface ApptRow {
  id: string;
  code: string;
  slot_id: string;
  centre_id: string;
  item_id: string;
  resident_id: string;
  starts_at: number;
  ends_at: number;
  status: Appointment['status'];
  ticket_id: string | null;
  identified_by: Appointment['identifiedBy'];
}
const COLS =
  'id, code, slot_id, centre_id, item_id, resident_id, starts_at, ends_at, status, ticket_id, identified_by';

/** The contract form of an appointment row, with the resident's number already masked. */
function appointmentFields(r: ApptRow, residentMasked: string): Appointment {
  return {
    id: r.id,
    code: r.code,
    centreId: r.centre_id,
    itemId: r.item_id,
    slotId: r.slot_id,
    startsAt: iso(Number(r.starts_at))!,
    endsAt: iso(Number(r.ends_at))!,
    status: r.status,
    residentMasked,
    ticketId: r.ticket_id,
    identifiedBy: r.identified_by ?? null,
  };
}

async function appointmentOf(ctx: Ctx, q: Queryable, r: ApptRow): Promise<Appointment> {
  const res = await q.get<{ id_enc: string }>('SELECT id_enc FROM residents WHERE id = ?', [r.resident_id]);
  return appointmentFields(r, res ? maskIdNumber(ctx.pii.decrypt(res.id_enc)) : '');
}

const slotOf = (r: {
  id: string;
  centre_id: string;
  item_id: string;
  starts_at: number;
  ends_at: number;
  capacity: number;
  booked: number;
}): AppointmentSlot => ({
  id: r.id,
  centreId: r.centre_id,
  itemId: r.item_id,
  startsAt: iso(Number(r.starts_at))!,
  endsAt: iso(Number(r.ends_at))!,
  capacity: Number(r.capacity),
  booked: Number(r.booked),
});

export async function listSlots(ctx: Ctx, query: SlotQuery): Promise<SlotList> {
  const now = ctx.clock().getTime();
  const from = query.from ? Date.parse(query.from) : now;
  const to = query.to ? Date.parse(query.to) : now + 8 * 86_400_000;
  const rows = await ctx.db.all<Parameters<typeof slotOf>[0]>(
    `SELECT * FROM slots WHERE centre_id = ? AND starts_at >= ? AND starts_at < ? ${query.itemId ? 'AND item_id = ?' : ''}
     ORDER BY starts_at, item_id LIMIT 2000`,
    query.itemId ? [query.centreId, from, to, query.itemId] : [query.centreId, from, to],
  );
  return { slots: rows.map(slotOf) };
}

/** A fresh code from the look-alike-free alphabet (contract/appointment-code.ts). */
function newCode(): string {
  let code = '';
  for (let i = 0; i < APPOINTMENT_CODE_LENGTH; i++)
    code += APPOINTMENT_CODE_ALPHABET[randomInt(APPOINTMENT_CODE_ALPHABET.length)];
  return code;
}

export async function book(ctx: Ctx, p: Principal, body: BookRequest): Promise<ResidentAppointment> {
  const s = ctx.settings.get();
  const result = await ctx.db.tx(async (q) => {
    const now = ctx.clock().getTime();
    const slot = await q.get<Parameters<typeof slotOf>[0]>('SELECT * FROM slots WHERE id = ?', [body.slotId]);
    if (!slot) throw new DoorstepError('NOT_FOUND', `no slot ${body.slotId}`);
    assertCentre(p, slot.centre_id);
    if (Number(slot.starts_at) + s.checkInAfterMinutes * 60_000 < now)
      throw new DoorstepError('CONFLICT', 'this slot is over');
    const identifiedBy = identifiedByOf(body);
    // A name from a card read only (issue 11): a booking by typed number names nobody.
    const name = identifiedBy === 'card' ? body.name : undefined;
    const r = await residentIdFor(q, ctx.pii, body.idNumber, name, now);
    await q.run(
      "UPDATE appointments SET status = 'no_show', updated_at = ? WHERE resident_id = ? AND status = 'booked' AND starts_at < ?",
      [now, r.id, now - s.checkInAfterMinutes * 60_000],
    );
    const missed = await q.get<{ n: number; last: number | null }>(
      "SELECT COUNT(*) AS n, MAX(starts_at) AS last FROM appointments WHERE resident_id = ? AND status = 'no_show' AND starts_at >= ?",
      [r.id, now - s.noShowWindowDays * 86_400_000],
    );
    if (Number(missed?.n ?? 0) >= s.noShowLimit && Number(missed!.last) + s.blockDays * 86_400_000 > now) {
      throw new DoorstepError(
        'BOOKING_BLOCKED',
        `${missed!.n} missed appointments in ${s.noShowWindowDays} days`,
      );
    }
    const taken = await q.run('UPDATE slots SET booked = booked + 1 WHERE id = ? AND booked < capacity', [
      slot.id,
    ]);
    if (taken !== 1) throw new DoorstepError('SLOT_FULL', 'this slot is full');
    const id = newId('ap');
    await q.run(
      `INSERT INTO appointments (id, code, slot_id, centre_id, item_id, resident_id, starts_at, ends_at, status, created_at, updated_at, identified_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?)`,
      [
        id,
        newCode(),
        slot.id,
        slot.centre_id,
        slot.item_id,
        r.id,
        slot.starts_at,
        slot.ends_at,
        now,
        now,
        identifiedBy,
      ],
    );
    await writeAudit(q, now, p, 'appointment.book', { type: 'appointment', id }, slot.centre_id, {
      identifiedBy,
    });
    const appt = await appointmentOf(
      ctx,
      q,
      (await q.get<ApptRow>(`SELECT ${COLS} FROM appointments WHERE id = ?`, [id]))!,
    );
    await appendEvents(q, now, [
      { centreId: slot.centre_id, type: 'appointment.booked', data: { appointment: appt } },
    ]);
    return { ...appt, checkIn: checkInWindow(Number(slot.starts_at), now, s) };
  });
  ctx.hub.notify([result.centreId]);
  return result;
}

export async function cancelAppointment(ctx: Ctx, p: Principal, id: string): Promise<Appointment> {
  const result = await ctx.db.tx(async (q) => {
    const row = await q.get<ApptRow>(`SELECT ${COLS} FROM appointments WHERE id = ?`, [id]);
    if (!row) throw new DoorstepError('NOT_FOUND', `no appointment ${id}`);
    assertCentre(p, row.centre_id);
    if (row.status !== 'booked')
      throw new DoorstepError('INVALID_TRANSITION', `cannot cancel a ${row.status} appointment`);
    const now = ctx.clock().getTime();
    await q.run("UPDATE appointments SET status = 'cancelled', updated_at = ? WHERE id = ?", [now, id]);
    await q.run('UPDATE slots SET booked = booked - 1 WHERE id = ? AND booked > 0', [row.slot_id]);
    await writeAudit(q, now, p, 'appointment.cancel', { type: 'appointment', id }, row.centre_id);
    const appt = await appointmentOf(ctx, q, { ...row, status: 'cancelled' });
    await appendEvents(q, now, [
      { centreId: row.centre_id, type: 'appointment.cancelled', data: { appointment: appt } },
    ]);
    return appt;
  });
  ctx.hub.notify([result.centreId]);
  return result;
}

export async function checkIn(
  ctx: Ctx,
  principal: Principal | null,
  body: CheckInRequest,
): Promise<CheckInResponse> {
  const p = requireStation(principal);
  const s = ctx.settings.get();
  const result = await ctx.db.tx(async (q) => {
    const now = ctx.clock().getTime();
    let row: ApptRow | undefined;
    if (body.code) {
      // Typed or scanned: folded the same way on both sides, so "O" finds a 0 and "I" a 1.
      row = await q.get<ApptRow>(`SELECT ${COLS} FROM appointments WHERE ${NORMALISED_CODE_SQL} = ?`, [
        normaliseAppointmentCode(body.code),
      ]);
    } else {
      const hashes = ctx.pii.lookupHashes(normaliseIdNumber(body.idNumber!));
      row = await q.get<ApptRow>(
        `SELECT ${COLS.split(', ')
          .map((c) => `a.${c}`)
          .join(', ')} FROM appointments a JOIN residents r ON r.id = a.resident_id
         WHERE r.id_hash IN (${marks(hashes)}) AND a.centre_id = ? AND a.status = 'booked' AND a.starts_at >= ? ORDER BY a.starts_at LIMIT 1`,
        [...hashes, p.centreId, now - s.checkInAfterMinutes * 60_000],
      );
    }
    if (!row) throw new DoorstepError('NOT_FOUND', 'no appointment found');
    assertCentre(p, row.centre_id);
    if (row.status !== 'booked')
      throw new DoorstepError('INVALID_TRANSITION', `the appointment is ${row.status}`);
    const start = Number(row.starts_at);
    if (checkInWindow(start, now, s).state !== 'open') {
      throw new DoorstepError(
        'OUTSIDE_CHECK_IN_WINDOW',
        'outside the check-in window: take a normal ticket instead',
      );
    }
    // What the kiosk saw of the person (a code picked from a card read's list is still a card read);
    // else a code names the appointment, not the person holding it, and a bare number was typed.
    const identifiedBy = body.identifiedBy ?? (body.code ? 'code' : 'typed');
    const item = ctx.catalog.get(row.item_id);
    const idEnc = await q.get<{ id_enc: string }>('SELECT id_enc FROM residents WHERE id = ?', [
      row.resident_id,
    ]);
    const { ticket } = await issueTicket(
      ctx,
      p,
      {
        itemId: item.id,
        channel: item.channels.includes('window') ? 'window' : 'video',
        idNumber: ctx.pii.decrypt(idEnc!.id_enc),
      },
      {
        priority: 'appointment',
        dueAt: start,
        appointmentId: row.id,
        q,
        identifiedBy,
      },
    );
    await q.run("UPDATE appointments SET status = 'checked_in', ticket_id = ?, updated_at = ? WHERE id = ?", [
      ticket.id,
      now,
      row.id,
    ]);
    await writeAudit(q, now, p, 'appointment.check_in', { type: 'appointment', id: row.id }, row.centre_id, {
      ticketId: ticket.id,
    });
    const appointment = await appointmentOf(ctx, q, { ...row, status: 'checked_in', ticket_id: ticket.id });
    await appendEvents(q, now, [
      { centreId: row.centre_id, type: 'appointment.checked_in', data: { appointment } },
    ]);
    // Checked in by a typed number: whoever typed it does not get the code back (it is used now anyway,
    // but it is the resident's; the kiosk lists nothing after a typed number either).
    const typed = identifiedBy === 'typed';
    return {
      appointment: typed ? { ...appointment, code: maskCode(appointment.code) } : appointment,
      ticket,
    };
  });
  ctx.hub.notify([p.centreId]);
  return result;
}

export async function listAppointments(
  ctx: Ctx,
  principal: Principal | null,
  query: AppointmentQuery,
): Promise<AppointmentList> {
  const p = requireStaff(principal);
  assertCentre(p, query.centreId);
  const day =
    query.day ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(ctx.clock());
  const rows = await ctx.db.all<ApptRow>(
    `SELECT ${COLS} FROM appointments WHERE centre_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at`,
    [query.centreId, shanghaiTime(day, 0), shanghaiTime(addDays(day, 1), 0)],
  );
  const appointments = [];
  for (const r of rows) appointments.push(await appointmentOf(ctx, ctx.db, r));
  return { appointments };
}

/** A code as a typed-number check-in answers it: its last two characters only. */
const maskCode = (code: string) => `${'*'.repeat(Math.max(0, code.length - 2))}${code.slice(-2)}`;

/** Where `now` falls in an appointment's check-in window (settings checkInBefore/AfterMinutes). */
export function checkInWindow(
  startsAt: number,
  now: number,
  s: { checkInBeforeMinutes: number; checkInAfterMinutes: number },
): CheckInWindow {
  const opens = startsAt - s.checkInBeforeMinutes * 60_000;
  const closes = startsAt + s.checkInAfterMinutes * 60_000;
  return {
    state: now < opens ? 'early' : now > closes ? 'late' : 'open',
    opensAt: iso(opens)!,
    closesAt: iso(closes)!,
  };
}

/**
 * A kiosk asks for the appointments of the resident in front of it (card or typed number): those at
 * the station's centre from today to `days` ahead that are booked or checked in, each with its
 * check-in window. Found by the keyed hash of the number; the answer shows it masked only. Audited.
 */
export async function lookupAppointments(
  ctx: Ctx,
  principal: Principal | null,
  body: { idNumber: string; days: number; identifiedBy?: 'card' | 'typed' | undefined },
): Promise<AppointmentLookupResponse> {
  const p = requireStation(principal);
  if (body.identifiedBy === 'typed') {
    // Anyone can type anyone's number: listing the appointments (and the codes that check them in)
    // would hand a stranger's plans to whoever stands at the kiosk (issue 11).
    throw new DoorstepError('FORBIDDEN', 'appointments are listed after an ID card read only');
  }
  const s = ctx.settings.get();
  const now = ctx.clock().getTime();
  const hashes = ctx.pii.lookupHashes(normaliseIdNumber(body.idNumber));
  const resident = await ctx.db.get<{ id: string; id_enc: string }>(
    `SELECT id, id_enc FROM residents WHERE id_hash IN (${marks(hashes)})`,
    hashes,
  );
  const today = serviceDayOf(now);
  const rows = resident
    ? await ctx.db.all<ApptRow>(
        `SELECT ${COLS} FROM appointments
         WHERE resident_id = ? AND status IN ('booked', 'checked_in') AND centre_id = ? AND starts_at >= ? AND starts_at < ?
         ORDER BY starts_at, id`,
        [resident.id, p.centreId, shanghaiTime(today, 0), shanghaiTime(addDays(today, body.days + 1), 0)],
      )
    : [];
  await writeAudit(
    ctx.db,
    now,
    p,
    'appointment.lookup',
    { type: 'resident', id: resident?.id ?? '-' },
    p.centreId,
    { found: rows.length },
  );
  const masked = resident ? maskIdNumber(ctx.pii.decrypt(resident.id_enc)) : '';
  return {
    appointments: rows.map((r) => ({
      ...appointmentFields(r, masked),
      checkIn: checkInWindow(Number(r.starts_at), now, s),
    })),
    serverTime: iso(now)!,
  };
}
