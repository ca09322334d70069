import { randomUUID } from 'node:crypto';
import {
  AppointmentLookupResponse,
  BookResponse,
  CheckInResponse,
  SlotList,
  type ResidentAppointment,
} from '../../../contract/api/appointments';
import type { IssueTicketResult, KioskIdentity, KioskRequest, PrintOutcome } from '../../../contract/kiosk';
import { KioskHostError } from '../errors';
import { CentralRequestError } from '../link/http';
import { findItem, placeNames, type HostContext } from './context';
import { numberSource, printTicket } from './tickets';

// Appointments (预约办理) from the kiosk: the resident's appointments, slots, booking, check-in. They
// need central: offline they fail with UNAVAILABLE, which the kiosk explains (window tickets still
// work). What central told this session (appointment ids → codes) is kept in memory for the session
// only, like the identity; nothing of it is written to the local store.

const known = new WeakMap<HostContext, { session: number; codes: Map<string, string> }>();

/** Appointment id → code, for the current session (forgotten when another session starts). */
function sessionCodes(ctx: HostContext): Map<string, string> {
  let k = known.get(ctx);
  if (!k || k.session !== ctx.session.id) known.set(ctx, (k = { session: ctx.session.id, codes: new Map() }));
  return k.codes;
}

function needsCentral(err: unknown): never {
  if (err instanceof CentralRequestError && err.unreachable) {
    throw new KioskHostError('UNAVAILABLE', 'appointments need the central service');
  }
  throw err;
}

export async function slots(ctx: HostContext, req: KioskRequest<'appointments.slots'>) {
  const { centreId } = placeNames(ctx);
  const from = new Date();
  const to = new Date(from.getTime() + (req.days ?? 7) * 24 * 3600_000);
  const q = new URLSearchParams({
    centreId,
    itemId: req.itemId,
    from: from.toISOString(),
    to: to.toISOString(),
  });
  return ctx.central.http
    .request('GET', `/api/v1/appointments/slots?${q}`, { schema: SlotList })
    .catch(needsCentral);
}

export async function book(ctx: HostContext, slotId: string) {
  const who = ctx.session.identity;
  const idNumber = ctx.session.centralIdNumber;
  if (!idNumber) throw new KioskHostError(who?.idNumber ? 'CARD_NOT_ACCEPTED' : 'NO_IDENTITY');
  const appt = await ctx.central.http
    .request('POST', '/api/v1/appointments', {
      body: {
        slotId,
        idNumber,
        identifiedBy: numberSource(ctx),
        ...(who?.name && who.source === 'card' ? { name: who.name } : {}),
      },
      idempotencyKey: randomUUID(),
      schema: BookResponse,
    })
    .catch(needsCentral);
  sessionCodes(ctx).set(appt.id, appt.code);
  ctx.logger.log('info', 'appts', `booked an appointment for slot ${slotId}`);
  return { ...appt, print: await printSlip(ctx, appt) };
}

/** The 预约单: the resident leaves with what, when and the code on paper instead of remembering it.
 * Best effort: the booking stands whatever the printer does, and the screen says what happened. */
async function printSlip(ctx: HostContext, appt: BookResponse): Promise<PrintOutcome> {
  const problem = await ctx.devices.printerProblem();
  if (problem) return { printed: false, reason: problem };
  const item = await findItem(ctx, appt.itemId).catch(() => undefined);
  const { centreName, stationName } = placeNames(ctx);
  return ctx.devices.print({
    kind: 'appointment',
    centre: centreName,
    station: stationName,
    service: item?.name ?? { zh: '预约事项', en: 'Appointment' },
    startsAt: appt.startsAt,
    endsAt: appt.endsAt,
    checkInFrom: appt.checkIn.opensAt,
    checkInTo: appt.checkIn.closesAt,
    code: appt.code,
  });
}

/**
 * The identified resident's appointments at this centre, today and the next days, each with its
 * check-in window (central looks them up by the card's or typed number). A scanned appointment code
 * identifies no resident: nothing to list, the code itself checks in.
 */
export async function mine(ctx: HostContext): Promise<{ appointments: ResidentAppointment[] }> {
  const who = ctx.session.identity;
  if (!who) throw new KioskHostError('NO_IDENTITY');
  if (who.appointmentCode) return { appointments: [] };
  // A typed number is anyone's number: whoever typed it is not shown that person's appointments or
  // their codes (issue 11). The page offers a check-in of the appointment due now instead.
  if (who.source !== 'card') {
    throw new KioskHostError('FORBIDDEN', 'appointments are listed after an ID card read only');
  }
  const idNumber = ctx.session.centralIdNumber;
  if (!idNumber) throw new KioskHostError(who.idNumber ? 'CARD_NOT_ACCEPTED' : 'NO_IDENTITY');
  const session = ctx.session.id;
  const res = await ctx.central.http
    .request('POST', '/api/v1/appointments/lookup', {
      body: { idNumber, identifiedBy: numberSource(ctx) },
      idempotencyKey: randomUUID(),
      schema: AppointmentLookupResponse,
    })
    .catch(needsCentral);
  if (ctx.session.id !== session) throw new KioskHostError('SESSION_ENDED', 'the card was removed meanwhile');
  const codes = sessionCodes(ctx);
  for (const a of res.appointments) codes.set(a.id, a.code);
  ctx.logger.log('info', 'appts', `lookup found ${res.appointments.length} appointment(s)`);
  return { appointments: res.appointments };
}

/**
 * Check-in (签到) of one appointment: by its code (scanned, or from the lookup or booking of this
 * session), else by the ID number (central takes the resident's appointment due now).
 */
export async function checkIn(ctx: HostContext, appointmentId: string): Promise<IssueTicketResult> {
  const who = ctx.session.identity;
  const code = who?.appointmentCode ?? sessionCodes(ctx).get(appointmentId);
  const idNumber = ctx.session.centralIdNumber;
  if (!code && !idNumber) throw new KioskHostError(who?.idNumber ? 'CARD_NOT_ACCEPTED' : 'NO_IDENTITY');
  const problem = await ctx.devices.printerProblem();
  if (problem) throw new KioskHostError(problem, 'checked before check-in: nothing was changed');
  const res = await ctx.central.http
    .request('POST', '/api/v1/appointments/check-in', {
      // A scanned code alone says nothing of the person; a code from this session's card read or
      // typed number says how the person was identified.
      body: code
        ? { code, ...(who?.appointmentCode ? {} : { identifiedBy: numberSource(ctx) }) }
        : { idNumber, identifiedBy: numberSource(ctx) },
      idempotencyKey: randomUUID(),
      schema: CheckInResponse,
    })
    .catch(needsCentral);
  const item = await findItem(ctx, res.ticket.itemId);
  ctx.store.tickets.put({
    id: res.ticket.id,
    number: res.ticket.number,
    itemId: item.id,
    serviceDay: res.ticket.serviceDay,
    offline: false,
    ticket: res.ticket,
  });
  ctx.session.rememberTicket(item.id, res.ticket.id);
  // Recorded (and heard by the page) through the print state machine.
  const printed = await printTicket(ctx, res.ticket, item, false);
  return { ticket: printed.ticket ?? res.ticket, print: printed.print, offline: false };
}

/** An appointment code typed or scanned starts a session without a card. */
export function identityFromCode(ctx: HostContext, code: string): KioskIdentity {
  if (!/^[A-Za-z0-9-]{4,32}$/.test(code.trim())) {
    throw new KioskHostError('VALIDATION_FAILED', 'an appointment code is 4 to 32 letters or digits');
  }
  const identity = ctx.session.startFromAppointmentCode(code.trim().toUpperCase(), '');
  ctx.events.emit('event', { type: 'identity', identity });
  return identity;
}
