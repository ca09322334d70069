import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Appointment } from '../../../contract/appointment';
import { CheckInResponse, SlotList } from '../../../contract/api/appointments';
import type { IssueTicketResult, KioskIdentity, KioskRequest } from '../../../contract/kiosk';
import { KioskHostError } from '../errors';
import { CentralRequestError } from '../link/http';
import { findItem, placeNames, type HostContext } from './context';
import { printTicket } from './tickets';

// Appointments (预约办理) from the kiosk: slots, booking, check-in. They need central: offline they
// fail with UNAVAILABLE, which the kiosk explains (window tickets still work).

const booked = new WeakMap<HostContext, Map<number, z.infer<typeof Appointment>[]>>();

function sessionBookings(ctx: HostContext): z.infer<typeof Appointment>[] {
  let perSession = booked.get(ctx);
  if (!perSession) booked.set(ctx, (perSession = new Map()));
  for (const k of perSession.keys()) if (k !== ctx.session.id) perSession.delete(k);
  let list = perSession.get(ctx.session.id);
  if (!list) perSession.set(ctx.session.id, (list = []));
  return list;
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
      body: { slotId, idNumber, ...(who?.name ? { name: who.name } : {}) },
      idempotencyKey: randomUUID(),
      schema: Appointment,
    })
    .catch(needsCentral);
  sessionBookings(ctx).push(appt);
  ctx.logger.log('info', 'appts', `booked ${appt.code} for slot ${slotId}`);
  return appt;
}

/** Appointments booked in this session (central offers kiosks no lookup by resident). */
export function mine(ctx: HostContext) {
  return { appointments: ctx.session.active ? [...sessionBookings(ctx)] : [] };
}

/** Check-in (签到) by the appointment code of the session, else by the ID number. */
export async function checkIn(ctx: HostContext, appointmentId: string): Promise<IssueTicketResult> {
  const who = ctx.session.identity;
  const code = who?.appointmentCode ?? sessionBookings(ctx).find((a) => a.id === appointmentId)?.code;
  const idNumber = ctx.session.centralIdNumber;
  if (!code && !idNumber) throw new KioskHostError(who?.idNumber ? 'CARD_NOT_ACCEPTED' : 'NO_IDENTITY');
  const problem = await ctx.devices.printerProblem();
  if (problem) throw new KioskHostError(problem, 'checked before check-in: nothing was changed');
  const res = await ctx.central.http
    .request('POST', '/api/v1/appointments/check-in', {
      body: code ? { code } : { idNumber },
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
  const print = await printTicket(ctx, res.ticket, item, false);
  ctx.events.emit('event', { type: 'ticket', ticket: res.ticket });
  return { ticket: res.ticket, print, offline: false };
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
