import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { DoorstepApi } from '../../../contract/kiosk';
import type { Log } from '../log';
import { checkUpgrade, serveBridgeConnection } from './bridge';
import { securityHeaders } from './csp';
import { BRIDGE_PATH, BRIDGE_PROTOCOL } from './protocol';

// The browser shell's server: the kiosk page (dist/renderer, /kiosk/) and the bridge WebSocket, on
// 127.0.0.1 only, with a per-boot secret handed to the page in the URL fragment (#bridge=<secret>),
// which browsers never send to a server or put in a Referer.

export interface BrowserShellOptions {
  /** The host facade (createKioskHost) or anything else that speaks window.doorstep. */
  host: DoorstepApi;
  log: Log;
  rendererDir: string;
  /** 0 = any free port. */
  port?: number;
  /** Per-boot secret; random when not given. */
  secret?: string;
}

export interface BrowserShell {
  /** The kiosk page with the bridge secret in its fragment. */
  readonly kioskUrl: string;
  readonly origin: string;
  readonly port: number;
  readonly secret: string;
  close(): Promise<void>;
}

export async function startBrowserShell(o: BrowserShellOptions): Promise<BrowserShell> {
  const secret = o.secret ?? randomBytes(24).toString('hex');
  const log = o.log;
  const app: FastifyInstance = Fastify({ logger: false });
  let port = 0;
  const origins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(securityHeaders(port));
    return payload;
  });
  await app.register(fastifyWebsocket, {
    options: {
      // video.upload carries a document photo of up to 16 MB of base64 (contract/video.ts).
      maxPayload: 17 * 1024 * 1024,
      handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
    },
  });
  app.get(
    BRIDGE_PATH,
    {
      websocket: true,
      preValidation: async (req, reply) => {
        const refused = checkUpgrade(req.headers, secret, origins());
        if (refused) {
          log('warn', 'bridge', `refused a bridge connection: ${refused.reason}`);
          await reply.code(refused.status).send({
            error: {
              code: refused.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN',
              message: refused.reason,
            },
          });
        }
      },
    },
    (socket) => serveBridgeConnection(socket, o.host, log),
  );
  if (existsSync(o.rendererDir)) {
    await app.register(fastifyStatic, {
      root: o.rendererDir,
      prefix: '/',
      index: ['index.html'],
      wildcard: true,
    });
    app.get('/kiosk', (_req, reply) => reply.redirect('/kiosk/'));
  } else {
    log('warn', 'shell', `front ends not built (${o.rendererDir} missing): run npm run build`);
  }
  app.get('/', (_req, reply) => reply.redirect('/kiosk/'));

  await app.listen({ host: '127.0.0.1', port: o.port ?? 0 });
  const addr = app.server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    kioskUrl: `${origin}/kiosk/#bridge=${secret}`,
    origin,
    port,
    secret,
    close: async () => {
      for (const c of app.websocketServer?.clients ?? []) c.terminate();
      await app.close();
    },
  };
}
