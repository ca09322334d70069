import { z } from 'zod';
import { PriorityClaim } from './tickets';

// Settings an admin can change (GET/PUT /api/v1/admin/settings), and outbound webhooks.

export const OrderingSettings = z.object({
  /** Rank of each class when an agent calls next; lower goes first. */
  appointmentRank: z.number().int().min(0).max(9),
  priorityRank: z.number().int().min(0).max(9),
  normalRank: z.number().int().min(0).max(9),
  /** A normal ticket waiting this long is ranked like a priority one (never starve). */
  starvationMinutes: z.number().int().min(1).max(1440),
  /** Rank of a normal ticket past the starvation limit. */
  agedRank: z.number().int().min(0).max(9),
});
export type OrderingSettings = z.infer<typeof OrderingSettings>;

export const Settings = z.object({
  ordering: OrderingSettings,
  /** Residents of this age or older get priority (from the ID birth date). */
  priorityAge: z.number().int().min(50).max(120),
  /**
   * The priority claims a resident may make when taking a number (the kiosk offers these; a claim not
   * listed is refused with 400). Staff check the certificate at the counter. Age needs no claim.
   */
  priorityClaims: z.array(PriorityClaim).max(10).default(['disability', 'service_member']),
  checkInBeforeMinutes: z.number().int().min(0).max(240),
  checkInAfterMinutes: z.number().int().min(0).max(240),
  /** No-show rule: `noShowLimit` missed appointments within `noShowWindowDays` block booking `blockDays`. */
  noShowLimit: z.number().int().min(1).max(20),
  noShowWindowDays: z.number().int().min(1).max(365),
  blockDays: z.number().int().min(0).max(365),
  /** Recalls an agent must make before marking a ticket no-show. */
  recallsBeforeNoShow: z.number().int().min(0).max(10),
  /** Mean service time assumed when a queue has no recent history. */
  defaultServiceMinutes: z.number().min(0.5).max(240),
});
export type Settings = z.infer<typeof Settings>;

export const WebhookEventType = z.enum([
  'ticket.issued',
  'ticket.called',
  'ticket.updated',
  'appointment.booked',
  'appointment.cancelled',
  'appointment.checked_in',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** POST /api/v1/admin/webhooks. Deliveries are signed: X-Doorstep-Signature: sha256=HMAC(secret, `${timestamp}.${body}`). */
export const WebhookCreateRequest = z.object({
  url: z.string().url(),
  secret: z.string().min(16).max(200),
  events: z.array(WebhookEventType).min(1),
});
export type WebhookCreateRequest = z.infer<typeof WebhookCreateRequest>;

export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(WebhookEventType),
  active: z.boolean(),
  /** Deliveries queued or waiting for their next attempt. */
  pending: z.number().int().nonnegative(),
  /** Deliveries that gave up after the last attempt (see GET /api/v1/admin/webhooks/{id}/deliveries). */
  failed: z.number().int().nonnegative(),
});
export type Webhook = z.infer<typeof Webhook>;

/**
 * One event for one hook. Per hook and centre, events go out one at a time in event order: the next
 * waits until this one is delivered or failed. pending → (retrying …) → delivered | failed.
 */
export const WebhookDeliveryStatus = z.enum(['pending', 'retrying', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

export const WebhookDelivery = z.object({
  id: z.number().int(),
  webhookId: z.string(),
  eventId: z.number().int(),
  eventType: z.string().nullable(),
  centreId: z.string().nullable(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int().nonnegative(),
  /** HTTP status of the last attempt; null when there was no answer (refused, timed out). */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** When the next attempt is due (pending, retrying); null once delivered or failed. */
  nextAttemptAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** GET /api/v1/admin/webhooks/{id}/deliveries?status=&limit= (newest first). */
export const WebhookDeliveryQuery = z.object({
  status: WebhookDeliveryStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type WebhookDeliveryQuery = z.infer<typeof WebhookDeliveryQuery>;

export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDelivery) });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;

/** GET /api/v1/admin/audit?subjectId=&limit= (newest first, the reader's centres and central-wide entries). */
export const AuditQuery = z.object({
  subjectId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/**
 * One audited action. `actorType` is staff, kiosk, public or system; a system entry (central acting on
 * its own, e.g. a video ring not accepted in time) has the reason as `actorId` and, in `detail`, the
 * agent it acted for (`agentId`), the `reason` and what it concerned (e.g. `caseNumber`).
 *
 * `detail` is what the action recorded, with personal data masked for reading: ID numbers and mobile
 * numbers anywhere in it are masked (310115********1234, 138****5678), personal fields (`name`,
 * `idNumber`, `phone`, `address`, `birthDate` …) masked, and free text staff typed (`note`, `comment`)
 * shown as "[masked]". Null when the action recorded none.
 */
export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorType: z.string(),
  actorId: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  centreId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditList = z.object({ entries: z.array(AuditEntry) });
export type AuditList = z.infer<typeof AuditList>;
