import { z } from 'zod';
import { CounterLabel, Ticket } from './ticket';
import { QueueSummary } from './queue';
import { Appointment } from './appointment';
import { KioskStatusEvent } from './fleet';

// WebSocket /api/v1/events?centreId=…&since=<lastEventId>. Kiosks authenticate with their station
// token (Authorization: Bearer, or ?token= where headers cannot be set), browsers with the session
// cookie. Persisted events have increasing ids per centre stream; a client that reconnects with
// since=<last id it saw> gets every later event once, in order. Messages without an id (hello, and
// later the case-scoped `signal` channel for video) are not persisted and never replayed.

export const QueueChanged = z.object({
  type: z.literal('queue.changed'),
  data: z.object({ queues: z.array(QueueSummary) }),
});
export const TicketIssued = z.object({
  type: z.literal('ticket.issued'),
  data: z.object({ ticket: Ticket }),
});
export const TicketCalled = z.object({
  type: z.literal('ticket.called'),
  data: z.object({
    ticket: Ticket,
    agentId: z.string(),
    agentName: z.string(),
    /** Where to go: the counter (窗口) of a window ticket; null for video or when the agent gave none. */
    counter: CounterLabel.nullable().optional(),
  }),
});
export const TicketUpdated = z.object({
  type: z.literal('ticket.updated'),
  data: z.object({ ticket: Ticket }),
});
export const AppointmentChanged = z.object({
  type: z.enum(['appointment.booked', 'appointment.cancelled', 'appointment.checked_in']),
  data: z.object({ appointment: Appointment }),
});

/**
 * An administrator changed this centre's configuration (issue 12): clients reload what `entity`
 * names (the catalogue for item and skill_group, the station or centre, the calendar, settings).
 * A resident mid-session keeps the session; the new configuration applies to the next one.
 */
export const ConfigChanged = z.object({
  type: z.literal('config.changed'),
  data: z.object({
    entity: z.enum(['centre', 'station', 'kiosk', 'item', 'skill_group', 'calendar', 'settings', 'config']),
    id: z.string(),
  }),
});

export const EventBody = z.discriminatedUnion('type', [
  QueueChanged,
  TicketIssued,
  TicketCalled,
  TicketUpdated,
  AppointmentChanged,
  KioskStatusEvent, // fleet health (contract/fleet.ts), for dashboards; kiosks ignore it
  ConfigChanged,
]);
export type EventBody = z.infer<typeof EventBody>;
export type EventType = EventBody['type'];

export const EventMeta = z.object({
  id: z.number().int().positive(),
  centreId: z.string(),
  at: z.string().datetime({ offset: true }),
});
/** A persisted event as sent on the WebSocket and to webhooks: {id, type, centreId, at, data}. */
export const EventEnvelope = z.intersection(EventMeta, EventBody);
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** First message on every connection: the newest event id, to store and send back as `since`. */
export const HelloMessage = z.object({
  type: z.literal('hello'),
  centreId: z.string(),
  lastEventId: z.number().int().nonnegative(),
});
export type HelloMessage = z.infer<typeof HelloMessage>;

export const ServerMessage = z.union([HelloMessage, EventEnvelope]);
export type ServerMessage = z.infer<typeof ServerMessage>;
