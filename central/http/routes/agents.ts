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
import { route, type ZodApp, type ZodTypeProvider } from '../schema';

// The agent's own actions and the queues of a centre.

export const QueuesResponse = z.object({ queues: z.array(QueueSummary) });

export async function agentRoutes(base: FastifyInstance, ctx: Ctx) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  agentWorkRoutes(app, ctx);
  agentStatusRoutes(app, ctx);
  centreQueueRoutes(app, ctx);
}

/** Calling, and what the agent works with: own state, own tickets, transfer targets. */
function agentWorkRoutes(app: ZodApp, ctx: Ctx) {
  app.post(
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
    {
      schema: route({
        response: { 200: AgentState },
        tags: ['agents'],
        summary: "The signed-in agent's state: status, centre, skill groups, counter",
      }),
    },
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
  app.get(
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
}

/** The agent's status: counter and skill groups, pause, resume, off duty. */
function agentStatusRoutes(app: ZodApp, ctx: Ctx) {
  app.put(
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
  app.post(
    '/api/v1/agents/me/pause',
    {
      schema: route({
        body: PauseRequest,
        response: { 200: AgentState },
        tags: ['agents'],
        summary: 'Pause (with a reason): no calls until resumed',
      }),
    },
    (req) => setAgentStatus(ctx, req.principal, 'paused', req.body.reason),
  );
  app.post(
    '/api/v1/agents/me/resume',
    {
      schema: route({
        response: { 200: AgentState },
        tags: ['agents'],
        summary: 'Resume: available for calls again',
      }),
    },
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
    { schema: route({ response: { 200: AgentState }, tags: ['agents'], summary: 'Go off duty' }) },
    (req) => setAgentStatus(ctx, req.principal, 'offline', null),
  );
}

function centreQueueRoutes(app: ZodApp, ctx: Ctx) {
  app.get(
    '/api/v1/centres/:id/queues',
    {
      schema: route({
        params: z.object({ id: z.string() }),
        response: { 200: QueuesResponse },
        tags: ['queues'],
        summary: 'Waiting counts and estimates of the queues of a centre',
        public: true,
      }),
    },
    async (req) => {
      const exists = await ctx.db.get('SELECT id FROM centres WHERE id = ?', [req.params.id]);
      if (!exists) throw new DoorstepError('NOT_FOUND', `no centre ${req.params.id}`);
      return { queues: await queueSummaries(ctx, ctx.db, req.params.id) };
    },
  );
}
