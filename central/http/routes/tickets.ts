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
import { getTicket, issueTicket, reprintTicket, setPrintStatus } from '../../services/tickets';
import { respondIdempotent } from '../idempotency';
import { parseWith } from '../parse';
import { route } from '../schema';

// Tickets: issue, read, print status, and the agent actions.

const Id = z.object({ id: z.string().min(1) });
const ActionParams = z.object({ id: z.string().min(1), action: TicketAction });
const ACTION_BODY: Partial<Record<TicketAction, z.ZodType>> = {
  transfer: TransferRequest,
  finish: FinishRequest,
  cancel: CancelRequest,
};

export async function ticketRoutes(app: FastifyInstance, ctx: Ctx) {
  app.post<{ Body: IssueTicketRequest }>(
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
    (req, reply) =>
      respondIdempotent(ctx, req, reply, async (record) => {
        const r = await issueTicket(ctx, requireAny(req.principal), req.body, {
          record: record ?? undefined,
        });
        return { status: r.created ? 201 : 200, body: r.ticket, recorded: r.recorded };
      }),
  );
  app.get<{ Querystring: TicketListQuery }>(
    '/api/v1/tickets',
    { schema: route({ querystring: TicketListQuery, response: { 200: TicketList }, tags: ['tickets'] }) },
    (req) => listTickets(ctx, req.principal, req.query),
  );
  app.get<{ Params: { id: string } }>(
    '/api/v1/tickets/:id',
    { schema: route({ params: Id, response: { 200: Ticket }, tags: ['tickets'] }) },
    (req) => getTicket(ctx, requireAny(req.principal), req.params.id),
  );
  app.get<{ Params: { id: string } }>(
    '/api/v1/tickets/:id/resident',
    { schema: route({ params: Id, response: { 200: ResidentIdentity }, tags: ['tickets'] }) },
    (req) => residentOfTicket(ctx, req.principal, req.params.id),
  );
  app.post<{ Params: { id: string }; Body: PrintStatusRequest }>(
    '/api/v1/tickets/:id/print-status',
    { schema: route({ params: Id, body: PrintStatusRequest, response: { 200: Ticket }, tags: ['tickets'] }) },
    (req) => setPrintStatus(ctx, requireAny(req.principal), req.params.id, req.body),
  );
  app.post<{ Params: { id: string } }>(
    '/api/v1/tickets/:id/reprint',
    { schema: route({ params: Id, response: { 200: Ticket }, tags: ['tickets'] }) },
    (req) => reprintTicket(ctx, requireAny(req.principal), req.params.id),
  );
  app.post<{ Params: z.infer<typeof ActionParams> }>(
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
