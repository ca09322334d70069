import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../services/context';
import { adminCatalogRoutes } from './admin-catalog';
import { adminConfigRoutes } from './admin-config';
import { adminPlaceRoutes } from './admin-places';

// Every administration route of issue 12 (places, catalogue, staff, calendar, configuration).
export async function adminEntityRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  await adminPlaceRoutes(app, ctx);
  await adminCatalogRoutes(app, ctx);
  await adminConfigRoutes(app, ctx);
}
