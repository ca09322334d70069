import { z } from 'zod';
import { ServiceItem } from '../catalog';
import { PriorityClaim } from './tickets';

/**
 * GET /api/v1/catalog: the active service items, and the priority claims a resident may make when
 * taking a number (the kiosk offers them; absent from a central that predates the setting).
 */
export const CatalogResponse = z.object({
  items: z.array(ServiceItem),
  priorityClaims: z.array(PriorityClaim).optional(),
});
export type CatalogResponse = z.infer<typeof CatalogResponse>;
