import type { FastifyInstance } from 'fastify';
import {
  Lease,
  LeaseRequest,
  OfflineUploadRequest,
  OfflineUploadResponse,
} from '../../../contract/api/leases';
import type { Ctx } from '../../services/context';
import { createLease, uploadOffline } from '../../services/leases';
import { route } from '../schema';

export async function leaseRoutes(app: FastifyInstance, ctx: Ctx) {
  app.post<{ Body: LeaseRequest }>(
    '/api/v1/leases',
    { schema: route({ body: LeaseRequest, response: { 201: Lease }, tags: ['leases'] }) },
    async (req, reply) => reply.status(201).send(await createLease(ctx, req.principal, req.body)),
  );
  app.post<{ Body: OfflineUploadRequest }>(
    '/api/v1/leases/upload',
    {
      schema: route({
        body: OfflineUploadRequest,
        response: { 200: OfflineUploadResponse },
        tags: ['leases'],
      }),
    },
    (req) => uploadOffline(ctx, req.principal, req.body),
  );
}
