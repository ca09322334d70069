import type { EventEnvelope } from '../../contract/events';

// What leaves central for kiosks and webhooks: events without what only staff need. A transfer note
// is one agent's words to the next about a resident; an appointment code lets anyone check that
// appointment in. Consoles (staff) get events whole.

const REDACTED_CODE = '********';
const cache = new WeakMap<EventEnvelope, string>();

/** The event as JSON for kiosks and webhooks (computed once per event). */
export function outsiderJson(e: EventEnvelope): string {
  let json = cache.get(e);
  if (json === undefined) {
    json = JSON.stringify({ ...e, data: redactData(e.data) });
    cache.set(e, json);
  }
  return json;
}

export function redactData(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const d = data as Record<string, unknown>;
  const out: Record<string, unknown> = { ...d };
  const ticket = d.ticket as { transfer?: { note?: string | null } | null } | undefined;
  if (ticket?.transfer?.note) out.ticket = { ...ticket, transfer: { ...ticket.transfer, note: null } };
  const appt = d.appointment as { code?: string } | undefined;
  if (appt?.code) out.appointment = { ...appt, code: REDACTED_CODE };
  return out;
}
