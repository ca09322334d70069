import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AgentCentreRequest,
  AgentSessionRequest,
  AgentState,
  PauseRequest,
} from '../../../contract/api/agents';
import { CallNextResponse, MyTickets, TransferTargets } from '../../../contract/api/tickets';
import { DoorstepError } from '../../../contract/errors';
import { QueueSummary } from '../../../contract/queue';
import {
  agentState,
  callNext,
  myTickets,
  setAgentSession,
  setAgentStatus,
  transferTargets,
} from '../../services/agents';
import { type Ctx, requireStaff } from '../../services/context';
import { queueSummaries } from '../../services/queues';
import { route } from '../schema';

// The agent's own actions and the queues of a centre.

export const QueuesResponse = z.object({ queues: z.array(QueueSummary) });

export async function agentRoutes(app: FastifyInstance, ctx: Ctx) {
  app.post<{ Body: AgentCentreRequest | undefined }>(
    '/api/v1/agents/me/call-next',
    {
      schema: route({
        response: { 200: CallNextResponse },
        tags: ['agents'],
        summary: 'Call the next ticket',
      }),
    },
    async (req) => {
      const body = AgentCentreRequest.safeParse(req.body ?? {});
      return { ticket: await callNext(ctx, req.principal, body.success ? body.data.centreId : undefined) };
    },
  );
  app.get(
    '/api/v1/agents/me',
    { schema: route({ response: { 200: AgentState }, tags: ['agents'] }) },
    (req) => agentState(ctx, requireStaff(req.principal)),
  );
  app.get(
    '/api/v1/agents/me/tickets',
    {
      schema: route({
        response: { 200: MyTickets },
        tags: ['agents'],
        summary: "The agent's called and serving tickets, parked ones included",
      }),
    },
    (req) => myTickets(ctx, req.principal),
  );
  app.get<{ Params: { id: string } }>(
    '/api/v1/centres/:id/transfer-targets',
    {
      schema: route({
        params: z.object({ id: z.string() }),
        response: { 200: TransferTargets },
        tags: ['agents'],
        summary: 'Agents of the centre (with their state) and skill groups a ticket can be transferred to',
      }),
    },
    (req) => transferTargets(ctx, req.principal, req.params.id),
  );
  app.put<{ Body: AgentSessionRequest }>(
    '/api/v1/agents/me/session',
    {
      schema: route({
        body: AgentSessionRequest,
        response: { 200: AgentState },
        tags: ['agents'],
        summary: 'Choose the skill groups served now and the counter (窗口) sat at',
      }),
    },
    (req) => setAgentSession(ctx, req.principal, req.body),
  );
  app.post<{ Body: PauseRequest }>(
    '/api/v1/agents/me/pause',
    { schema: route({ body: PauseRequest, response: { 200: AgentState }, tags: ['agents'] }) },
    (req) => setAgentStatus(ctx, req.principal, 'paused', req.body.reason),
  );
  app.post<{ Body: AgentCentreRequest | undefined }>(
    '/api/v1/agents/me/resume',
    { schema: route({ response: { 200: AgentState }, tags: ['agents'] }) },
    (req) => {
      const body = AgentCentreRequest.safeParse(req.body ?? {});
      return setAgentStatus(
        ctx,
        req.principal,
        'available',
        null,
        body.success ? body.data.centreId : undefined,
      );
    },
  );
  app.post(
    '/api/v1/agents/me/sign-off',
    { schema: route({ response: { 200: AgentState }, tags: ['agents'] }) },
    (req) => setAgentStatus(ctx, req.principal, 'offline', null),
  );
  app.get<{ Params: { id: string } }>(
    '/api/v1/centres/:id/queues',
    {
      schema: route({
        params: z.object({ id: z.string() }),
        response: { 200: QueuesResponse },
        tags: ['queues'],
      }),
    },
    async (req) => {
      const exists = await ctx.db.get('SELECT id FROM centres WHERE id = ?', [req.params.id]);
      if (!exists) throw new DoorstepError('NOT_FOUND', `no centre ${req.params.id}`);
      return { queues: await queueSummaries(ctx, ctx.db, req.params.id) };
    },
  );
}
