import type { FastifyInstance } from 'fastify';
import { DoorstepError } from '../../contract/errors';
import type { Ctx } from '../services/context';

// WebSockets (/api/v1/events, /api/v1/video/ws) opened by a browser carry its page's Origin, and a
// browser sends the session cookie with them whatever page opens them: without this check any site
// a signed-in agent visits could read the centre's events (cross-site WebSocket hijacking). Allowed:
// the front ends, i.e. this server's own origin and the public URL's. Kiosk hosts and other
// programs send no Origin and authenticate with their token.

export function checkWebSocketOrigin(app: FastifyInstance, ctx: Ctx): void {
  app.addHook('onRequest', async (req) => {
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') return;
    const origin = req.headers.origin;
    if (origin === undefined) return;
    const allowed = new Set([`${req.protocol}://${req.host}`]);
    try {
      if (ctx.publicUrl()) allowed.add(new URL(ctx.publicUrl()).origin);
    } catch {
      /* no usable public URL: own origin only */
    }
    if (!allowed.has(origin)) throw new DoorstepError('FORBIDDEN', `WebSocket from origin ${origin} refused`);
  });
}
