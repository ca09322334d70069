import Fastify, { type FastifyInstance } from 'fastify';
import { serveFrontEnds } from './static';

export interface CentralOptions {
  /** Folder of the built front ends; not served when absent. */
  rendererDir?: string;
  logger?: boolean;
}

/** The central service as an app, separate from the process that listens (see server.ts / cli.ts). */
export async function buildCentralApp(opts: CentralOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  if (opts.rendererDir) await serveFrontEnds(app, opts.rendererDir);
  return app;
}
