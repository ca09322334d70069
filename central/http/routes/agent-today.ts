import type { FastifyInstance } from 'fastify';
import { AgentToday } from '../../../contract/api/agent-today';
import { endOfServiceDay, serviceDayOf } from '../../domain/time';
import { type Ctx, requireStaff } from '../../services/context';
import { route } from '../schema';

// The agent's figures for today, for the console's agent bar: finished tickets, mean service time
// (served_at → finished_at) and the residents' ratings of their video cases. Only their own.

export async function agentTodayRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get(
    '/api/v1/agents/me/today',
    {
      schema: route({
        response: { 200: AgentToday },
        tags: ['agents'],
        summary: "The signed-in agent's figures for today (served, mean service time, ratings)",
      }),
    },
    async (req): Promise<AgentToday> => {
      const p = requireStaff(req.principal);
      const day = serviceDayOf(ctx.clock());
      const end = endOfServiceDay(day);
      const start = end - 86_400_000;
      const served = await ctx.db.get<{
        n: number | string;
        total: number | string | null;
        timed: number | string;
      }>(
        `SELECT COUNT(*) AS n,
                SUM(CASE WHEN served_at IS NOT NULL THEN finished_at - served_at END) AS total,
                SUM(CASE WHEN served_at IS NOT NULL THEN 1 ELSE 0 END) AS timed
           FROM tickets
          WHERE agent_id = ? AND status = 'done' AND finished_at >= ? AND finished_at < ?`,
        [p.staff.id, start, end],
      );
      const rated = await ctx.db.get<{ n: number | string; avg: number | string | null }>(
        `SELECT COUNT(*) AS n, AVG(r.level) AS avg
           FROM video_ratings r JOIN video_cases c ON c.id = r.case_id
          WHERE c.agent_id = ? AND r.created_at >= ? AND r.created_at < ?`,
        [p.staff.id, start, end],
      );
      const timed = Number(served?.timed ?? 0);
      const avg = rated?.avg === null || rated?.avg === undefined ? null : Number(rated.avg);
      return {
        serviceDay: day,
        served: Number(served?.n ?? 0),
        avgServiceSeconds: timed > 0 ? Math.round(Number(served!.total) / timed / 1000) : null,
        ratings: { count: Number(rated?.n ?? 0), average: avg === null ? null : Math.round(avg * 10) / 10 },
      };
    },
  );
}
