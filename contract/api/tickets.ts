import { z } from 'zod';
import { Bilingual, Channel } from '../catalog';
import { AgentStatus } from './agents';
import {
  CounterLabel,
  NumberSource,
  PrintStatus,
  Ticket,
  TicketNumber,
  TicketOutcome,
  TicketStatus,
  WaitEstimate,
} from '../ticket';

// Ticket requests and agent actions (domain.md "Tickets").

export const PriorityClaim = z.enum(['disability', 'service_member']);
export type PriorityClaim = z.infer<typeof PriorityClaim>;

/** POST /api/v1/tickets (station token, Idempotency-Key required; or staff for the centre). */
export const IssueTicketRequest = z.object({
  itemId: z.string().min(1),
  channel: Channel,
  /** Needed for staff; a station's centre is its own. */
  centreId: z.string().min(1).optional(),
  /** GB 11643 number from the card or typed in; needed when the item requires an ID card. */
  idNumber: z.string().min(6).max(32).optional(),
  /** Name from the card; stored encrypted, shown to the serving agent only. */
  name: z.string().min(1).max(100).optional(),
  /** How the kiosk host got `idNumber` (its reader, or keyed in); see NumberSource. */
  identifiedBy: NumberSource.optional(),
  /** Priority besides age (70+ is derived from the ID number). */
  priorityClaim: PriorityClaim.optional(),
});
export type IssueTicketRequest = z.infer<typeof IssueTicketRequest>;

/** The agent actions of POST /api/v1/tickets/{id}/{action}. */
export const TicketAction = z.enum([
  'call', // call this ticket out of order
  'recall',
  'start', // start serving
  'no-show',
  'transfer',
  'park',
  'resume',
  'finish',
  'cancel',
]);
export type TicketAction = z.infer<typeof TicketAction>;

/**
 * Body of /transfer: exactly one target (an agent of the ticket's centre, a skill group or an item) and
 * an optional note for the next agent, stored with the new ticket (`Ticket.transfer.note`) and audited.
 * The ticket keeps its original issue time.
 */
export const TransferRequest = z
  .object({
    itemId: z.string().min(1).optional(),
    skillGroup: z.string().min(1).optional(),
    agentId: z.string().min(1).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((b) => [b.itemId, b.skillGroup, b.agentId].filter(Boolean).length === 1, {
    message: 'give exactly one of itemId, skillGroup, agentId',
  });
export type TransferRequest = z.infer<typeof TransferRequest>;

export const FinishRequest = z.object({ outcome: TicketOutcome, note: z.string().max(500).optional() });
export type FinishRequest = z.infer<typeof FinishRequest>;

export const CancelRequest = z.object({ reason: z.string().max(200).optional() });
export type CancelRequest = z.infer<typeof CancelRequest>;

/** POST /api/v1/tickets/{id}/print-status (station): whether the paper came out. */
export const PrintStatusRequest = z.object({ status: PrintStatus.exclude(['pending']) });
export type PrintStatusRequest = z.infer<typeof PrintStatusRequest>;

/** POST /api/v1/agents/me/call-next: the called ticket, or null when nothing waits. */
export const CallNextResponse = z.object({ ticket: Ticket.nullable() });
export type CallNextResponse = z.infer<typeof CallNextResponse>;

export const TicketListQuery = z.object({
  centreId: z.string().min(1),
  status: TicketStatus.optional(),
  itemId: z.string().optional(),
});
export type TicketListQuery = z.infer<typeof TicketListQuery>;

export const TicketList = z.object({ tickets: z.array(Ticket) });
export type TicketList = z.infer<typeof TicketList>;

/** GET /api/v1/tickets/{id}/resident: the serving agent's view of who they serve (audited). */
export const ResidentIdentity = z.object({
  name: z.string().nullable(),
  idNumberMasked: z.string(),
  age: z.number().int().nonnegative().nullable(),
});
export type ResidentIdentity = z.infer<typeof ResidentIdentity>;

/** GET /api/v1/public/tickets/{id}: what the QR status page shows, nothing personal. */
export const PublicTicketStatus = z.object({
  number: TicketNumber,
  status: TicketStatus,
  waitingAhead: z.number().int().nonnegative().nullable(),
  estimate: WaitEstimate.nullable(),
  /** What and where, so the phone page says it in the resident's words (nothing personal). */
  channel: Channel.optional(),
  itemName: Bilingual.nullable().optional(),
  stationName: Bilingual.nullable().optional(),
  /** Once called: the window to go to (null when the agent gave none; video: null). */
  counter: z.string().nullable().optional(),
  /** Once finished: how (办结, 转窗口, 预约, 补材料). */
  outcome: TicketOutcome.nullable().optional(),
  /** A video ticket's case number (受理编号, printed on the 回执), once a case was opened. */
  caseNumber: z.string().nullable().optional(),
});
export type PublicTicketStatus = z.infer<typeof PublicTicketStatus>;

/** GET /api/v1/agents/me/tickets: the agent's called and serving tickets, parked ones included. */
export const MyTickets = z.object({ tickets: z.array(Ticket) });
export type MyTickets = z.infer<typeof MyTickets>;

/** An agent a ticket can be transferred to, with whether they are at work now. */
export const TransferAgent = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.enum(['agent', 'supervisor']),
  status: AgentStatus,
  /** Has an unexpired console session. */
  signedIn: z.boolean(),
  skillGroups: z.array(z.string()),
  counter: CounterLabel.nullable(),
});
export type TransferAgent = z.infer<typeof TransferAgent>;

/**
 * GET /api/v1/centres/{id}/transfer-targets (staff of the centre): the agents of the centre (signed-in
 * and available ones first) and every skill group with its bilingual name. Items come from the catalog.
 */
export const TransferTargets = z.object({
  agents: z.array(TransferAgent),
  skillGroups: z.array(z.object({ id: z.string(), name: Bilingual })),
});
export type TransferTargets = z.infer<typeof TransferTargets>;
