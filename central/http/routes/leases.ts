import type { FastifyInstance } from 'fastify';
import {
  Lease,
  LeaseRequest,
  OfflineUploadRequest,
  OfflineUploadResponse,
} from '../../../contract/api/leases';
import type { Ctx } from '../../services/context';
import { createLease, uploadOffline } from '../../services/leases';
import { route, type ZodTypeProvider } from '../schema';

export async function leaseRoutes(base: FastifyInstance, ctx: Ctx) {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/leases',
    {
      schema: route({
        body: LeaseRequest,
        response: { 201: Lease },
        tags: ['leases'],
        summary: 'Lease a block of ticket numbers for offline issuing',
      }),
    },
    async (req, reply) => reply.status(201).send(await createLease(ctx, req.principal, req.body)),
  );
  app.post(
    '/api/v1/leases/upload',
    {
      schema: route({
        body: OfflineUploadRequest,
        response: { 200: OfflineUploadResponse },
        tags: ['leases'],
        summary: 'Upload tickets issued offline from a lease',
      }),
    },
    (req) => uploadOffline(ctx, req.principal, req.body),
  );
}
