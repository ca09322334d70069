import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';

export const FRONT_ENDS = ['kiosk', 'console', 'display', 'dashboard', 'admin'] as const;
export type FrontEnd = (typeof FRONT_ENDS)[number];

/** Serves the built front ends (dist/renderer) at /kiosk/, /console/, /display/, /dashboard/. */
export async function serveFrontEnds(app: FastifyInstance, rendererDir: string): Promise<void> {
  if (!existsSync(rendererDir)) {
    app.log.warn(`front ends not built (${rendererDir} missing): run \`npm run build\``);
    return;
  }
  await app.register(fastifyStatic, {
    root: rendererDir,
    prefix: '/',
    index: ['index.html'],
    wildcard: true,
  });
  for (const name of FRONT_ENDS) {
    app.get(`/${name}`, (_req, reply) => reply.redirect(`/${name}/`));
  }
}
