import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type WebSocket from 'ws';
import type { DoorstepApi } from '../../../contract/kiosk';
import type { Log } from '../log';
import { BridgeAttachments } from './attach';
import { checkUpgrade, serveBridgeConnection } from './bridge';
import { kioskAssetNames } from './kiosk-assets';
import { securityHeaders } from './csp';
import { BRIDGE_PATH, BRIDGE_PROTOCOL } from './protocol';

// The browser shell's server: the kiosk page (dist/renderer, /kiosk/ only — the console, display and
// dashboard are central's, never the kiosk's) and the bridge WebSocket, on 127.0.0.1 only. The page's
// URL carries a one-time bootstrap in its fragment (#bridge=<token>, never sent to a server or put in a
// Referer), exchanged at attach for a session secret only that page holds (attach.ts).

export interface BrowserShellOptions {
  /** The host facade (createKioskHost) or anything else that speaks window.doorstep. */
  host: DoorstepApi;
  log: Log;
  rendererDir: string;
  /** 0 = any free port. */
  port?: number;
  /** Development only: a fixed, reusable bridge secret (attach.ts), so `npm start` keeps its kiosk URL across host restarts. */
  devSecret?: string;
  /** Told when a kiosk page attaches and when none is attached any more (the screen watchdog). */
  onPageAttached?: (attached: boolean) => void;
}

export interface BrowserShell {
  /** The kiosk page with a fresh one-time bootstrap in its fragment: each read mints a new one. */
  readonly kioskUrl: string;
  /** The kiosk page without any secret, for printing. */
  readonly pageUrl: string;
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startBrowserShell(o: BrowserShellOptions): Promise<BrowserShell> {
  const attachments = new BridgeAttachments(Date.now, o.devSecret);
  const sessions = new WeakMap<FastifyRequest, string>();
  let attached: WebSocket | null = null;
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
        const refused = checkUpgrade(
          req.headers,
          (offered) => {
            const r = attachments.attach(offered);
            if (r.ok) sessions.set(req, r.session);
            return r.ok;
          },
          origins(),
        );
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
    (socket, req) => {
      const session = sessions.get(req)!;
      // One attached page: a newer one (a reload, or the shell reopening the window) replaces it.
      if (attached && attached !== socket) {
        log('warn', 'bridge', 'a new kiosk page attached; the previous one is detached');
        attached.close(4001, 'another kiosk page attached');
      }
      attached = socket;
      o.onPageAttached?.(true);
      socket.on('close', () => {
        if (attached !== socket) return;
        attached = null;
        o.onPageAttached?.(false);
      });
      serveBridgeConnection(socket, o.host, log, session);
    },
  );
  await serveKioskPage(app, o.rendererDir, log);
  app.get('/', (_req, reply) => reply.redirect('/kiosk/'));

  await app.listen({ host: '127.0.0.1', port: o.port ?? 0 });
  const addr = app.server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    get kioskUrl() {
      return `${origin}/kiosk/#bridge=${o.devSecret ?? attachments.mintBootstrap()}`;
    },
    pageUrl: `${origin}/kiosk/`,
    origin,
    port,
    close: async () => {
      for (const c of app.websocketServer?.clients ?? []) c.terminate();
      await app.close();
    },
  };
}

/** The kiosk bundle and only the assets it loads: the staff front ends have no business on a kiosk. */
async function serveKioskPage(app: FastifyInstance, rendererDir: string, log: Log): Promise<void> {
  if (existsSync(rendererDir)) {
    const assets = kioskAssetNames(rendererDir);
    await app.register(fastifyStatic, {
      root: join(rendererDir, 'kiosk'),
      prefix: '/kiosk/',
      index: ['index.html'],
      wildcard: true,
    });
    await app.register(fastifyStatic, {
      root: join(rendererDir, 'assets'),
      prefix: '/assets/',
      wildcard: true,
      decorateReply: false,
      allowedPath: (path) => assets.has(path.replace(/^\//, '')),
    });
    app.get('/kiosk', (_req, reply) => reply.redirect('/kiosk/'));
  } else {
    log('warn', 'shell', `front ends not built (${rendererDir} missing): run npm run build`);
  }
}
