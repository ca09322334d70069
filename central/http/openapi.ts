import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

// The OpenAPI document (JSON at /api/docs/json, browsable at /api/docs), built from the routes'
// schemas, which come from contract/.

export async function useOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Doorstep central service (家门口)',
        version: '1',
        description:
          'Queues, tickets, appointments, catalog and kiosks of one district. See docs/central-api.md.',
      },
      components: {
        securitySchemes: {
          stationToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'Station token from /api/v1/stations/enroll',
          },
          session: { type: 'apiKey', in: 'cookie', name: 'doorstep_session' },
        },
      },
      security: [{ stationToken: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
}
