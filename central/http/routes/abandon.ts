import type { FastifyInstance } from 'fastify';
import { AbandonIssueRequest, AbandonIssueResponse } from '../../../contract/api/abandon';
import type { Ctx } from '../../services/context';
import { abandonIssue } from '../../services/abandon';
import { route } from '../schema';

export async function abandonRoutes(app: FastifyInstance, ctx: Ctx) {
  app.post<{ Body: AbandonIssueRequest }>(
    '/api/v1/tickets/abandon',
    {
      schema: route({
        body: AbandonIssueRequest,
        response: { 200: AbandonIssueResponse },
        tags: ['tickets'],
        summary: 'Settle a ticket issue whose answer never reached the kiosk (cancel or close its key)',
      }),
    },
    (req) => abandonIssue(ctx, req.principal, req.body),
  );
}
