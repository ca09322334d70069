import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CancelRequest,
  FinishRequest,
  IssueTicketRequest,
  PrintStatusRequest,
  ResidentIdentity,
  TicketAction,
  TicketList,
  TicketListQuery,
  TransferRequest,
} from '../../../contract/api/tickets';
import { ErrorBody } from '../../../contract/errors';
import { Ticket } from '../../../contract/ticket';
import { type Ctx, requireAny } from '../../services/context';
import { listTickets, residentOfTicket } from '../../services/resident-view';
import { type ActionBody, ticketAction } from '../../services/ticket-actions';
import { getTicket, issueTicket } from '../../services/tickets';
import { reprintTicket, setPrintStatus } from '../../services/print-status';
import { respondIdempotent } from '../idempotency';
import { parseWith } from '../parse';
import { route, type ZodApp, type ZodTypeProvider } from '../schema';

// Tickets: issue, read, print status, and the agent actions.

const Id = z.object({ id: z.string().min(1) });
const ActionParams = z.object({ id: z.string().min(1), action: TicketAction });
const ACTION_BODY: Partial<Record<TicketAction, z.ZodType>> = {
  transfer: TransferRequest,
  finish: FinishRequest,
  cancel: CancelRequest,
};

export async function ticketRoutes(base: FastifyInstance, ctx: Ctx) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  ticketIssueRoutes(app, ctx);
  ticketPrintRoutes(app, ctx);
  ticketActionRoutes(app, ctx);
}

/** Issuing a ticket and reading tickets (a resident's own, staff's by id). */
function ticketIssueRoutes(app: ZodApp, ctx: Ctx) {
  app.post(
    '/api/v1/tickets',
    {
      schema: route({
        body: IssueTicketRequest,
        response: { 201: Ticket, 200: Ticket, 400: ErrorBody },
        tags: ['tickets'],
        summary: 'Take a ticket (200 with reprint=true when the resident already waits for the item)',
      }),
      // The Idempotency-Key is recorded in the transaction that issues the ticket.
      config: { idempotency: 'in-tx' },
    },
    async (req, reply) => {
      await respondIdempotent(ctx, req, reply, async (record) => {
        const r = await issueTicket(ctx, requireAny(req.principal), req.body, {
          record: record ?? undefined,
        });
        return { status: r.created ? 201 : 200, body: r.ticket, recorded: r.recorded };
      });
      return reply;
    },
  );
  app.get(
    '/api/v1/tickets',
    {
      schema: route({
        querystring: TicketListQuery,
        response: { 200: TicketList },
        tags: ['tickets'],
        summary: 'Tickets of a centre (staff) or the kiosk station, filtered',
      }),
    },
    (req) => listTickets(ctx, req.principal, req.query),
  );
  app.get(
    '/api/v1/tickets/:id',
    { schema: route({ params: Id, response: { 200: Ticket }, tags: ['tickets'], summary: 'One ticket' }) },
    (req) => getTicket(ctx, requireAny(req.principal), req.params.id),
  );
  app.get(
    '/api/v1/tickets/:id/resident',
    {
      schema: route({
        params: Id,
        response: { 200: ResidentIdentity },
        tags: ['tickets'],
        summary: "The ticket's resident (name and masked ID), audited",
      }),
    },
    (req) => residentOfTicket(ctx, req.principal, req.params.id),
  );
}

/** A kiosk's print outcome and a reprint. */
function ticketPrintRoutes(app: ZodApp, ctx: Ctx) {
  app.post(
    '/api/v1/tickets/:id/print-status',
    {
      schema: route({
        params: Id,
        body: PrintStatusRequest,
        response: { 200: Ticket },
        tags: ['tickets'],
        summary: 'Report whether the kiosk printed the ticket',
      }),
    },
    (req) => setPrintStatus(ctx, requireAny(req.principal), req.params.id, req.body),
  );
  app.post(
    '/api/v1/tickets/:id/reprint',
    {
      schema: route({
        params: Id,
        response: { 200: Ticket },
        tags: ['tickets'],
        summary: 'Ask for the ticket to be printed again',
      }),
    },
    (req) => reprintTicket(ctx, requireAny(req.principal), req.params.id),
  );
}

function ticketActionRoutes(app: ZodApp, ctx: Ctx) {
  app.post(
    '/api/v1/tickets/:id/:action',
    {
      schema: route({
        params: ActionParams,
        response: { 200: Ticket, 409: ErrorBody },
        tags: ['tickets'],
        summary: 'Agent action: call, recall, start, no-show, transfer, park, resume, finish, cancel',
      }),
    },
    async (req) => {
      const schema = ACTION_BODY[req.params.action];
      const body = schema ? (parseWith(schema, req.body) as ActionBody) : undefined;
      return ticketAction(ctx, req.principal, req.params.id, req.params.action, body);
    },
  );
}
