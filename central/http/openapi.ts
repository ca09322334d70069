import type { FastifyInstance, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { z } from 'zod';
import { ErrorBody, type ErrorCode, HTTP_STATUS_OF } from '../../contract/errors';
import { type ErrorStatus, isZod, type RouteSchemas } from './schema';

// The OpenAPI document (JSON at /api/docs/json, browsable at /api/docs), built from the routes'
// schemas, which come from contract/. It is a product that client teams generate code from, so the
// rules live here once rather than in every route: every operation gets an operationId (from method
// and path unless given), a tag, a summary, its error responses with the ErrorBody schema (which ones
// follows from the route: validation, credentials, path ids, Idempotency-Key, body size), and public
// operations say `security: []`. Only /api/ operations are listed; pages and static files are not.
// OpenAPI 3.1 so that schemas are JSON Schema 2020-12 (nullable fields are `anyOf` with `null`), which
// any JSON Schema validator compiles. tests/integration/central/openapi.test.ts lints the result.

const VERSION = '3.1.0';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** JSON Schema of a contract schema: what a client sends (input) or receives (output). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const js = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete js.$schema;
  return js;
}

const camel = (s: string) =>
  s
    .split(/[-_.]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** `POST /api/v1/tickets/:id/reprint` → `postTicketsByIdReprint`. */
export function operationIdOf(method: string, url: string): string {
  const parts = url
    .replace(/^\/api\/v1\//, '/')
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith(':') ? `By${camel(seg.slice(1))}` : camel(seg)));
  return method.toLowerCase() + parts.join('');
}

const CODES_OF = new Map<number, ErrorCode[]>();
for (const [code, status] of Object.entries(HTTP_STATUS_OF) as Array<[ErrorCode, number]>) {
  CODES_OF.set(status, [...(CODES_OF.get(status) ?? []), code]);
}

const WHY: Record<ErrorStatus, string> = {
  400: 'The request is not valid (VALIDATION_FAILED lists the fields)',
  401: 'No credential, or one that is revoked or expired',
  403: 'The caller may not do this (role, centre, or a missing X-CSRF-Token)',
  404: 'No such resource',
  409: 'In conflict with the current state, or an Idempotency-Key still running (REQUEST_IN_PROGRESS)',
  413: 'The body is too large',
  422: 'An Idempotency-Key sent again with another method or path',
  429: 'Too many attempts; wait a minute',
  503: 'A dependency is unavailable; retry later',
};

/** The error statuses a route can answer with, from what it declares and how it is reached. */
export function errorStatusesOf(
  method: string,
  url: string,
  s: RouteSchemas,
  idempotency?: string,
): ErrorStatus[] {
  const out = new Set<ErrorStatus>(s.errors ?? []);
  const open = s.public === true || (s.security !== undefined && s.security.length === 0);
  const mutating = MUTATING.has(method);
  if (s.body || s.querystring || s.params || mutating) out.add(400);
  // A credential that is present but wrong is refused on every /api/ route, public ones too (auth.ts),
  // and so is a cookie-authenticated mutation without its CSRF token.
  out.add(401);
  if (!open || mutating) out.add(403);
  if (url.includes(':')) out.add(404);
  if (s.body) out.add(413);
  // The Idempotency-Key layer (idempotency.ts) answers these on any authenticated mutation that records.
  if (mutating && !open && idempotency !== 'none') out.add(409).add(422);
  for (const code of Object.keys(s.response ?? {})) {
    const n = Number(code);
    if (n >= 400 && n < 500) out.add(n as ErrorStatus);
  }
  return [...out].sort();
}

const ERROR_JSON = JSON.stringify(jsonSchemaOf(ErrorBody, 'output'));

interface TransformArg {
  schema?: Record<string, unknown>;
  url: string;
  route: RouteOptions;
}

/** One route's document entry: zod → JSON Schema, and the defaults every operation must have. */
export function documentRoute({ schema, url, route }: TransformArg): {
  schema: Record<string, unknown>;
  url: string;
} {
  const method = (Array.isArray(route.method) ? route.method[0]! : route.method).toUpperCase();
  const s = (schema ?? {}) as RouteSchemas & Record<string, unknown>;
  if (!url.startsWith('/api/') || s.hide || route.websocket) return { schema: { hide: true }, url };
  const out: Record<string, unknown> = { ...s };
  delete out.public;
  delete out.errors;
  for (const part of ['body', 'querystring', 'params'] as const) {
    if (isZod(s[part])) out[part] = jsonSchemaOf(s[part], 'input');
  }
  const responses: Record<string, unknown> = {};
  for (const [code, r] of Object.entries(s.response ?? {})) {
    responses[code] = isZod(r)
      ? { description: describeStatus(Number(code)), ...jsonSchemaOf(r, 'output') }
      : r;
  }
  // A route without a described success still answers one; say so rather than list only errors.
  if (!Object.keys(responses).some((c) => Number(c) < 400)) responses[200] = { description: 'OK' };
  const idem = (route.config as { idempotency?: string } | undefined)?.idempotency;
  for (const status of errorStatusesOf(method, url, s, idem)) {
    responses[status] = { ...(JSON.parse(ERROR_JSON) as object), description: describeStatus(status) };
  }
  out.response = responses;
  out.operationId = s.operationId ?? operationIdOf(method, url);
  out.tags = s.tags ?? [url.split('/')[3] ?? 'api'];
  out.summary = s.summary ?? `${method} ${url.replace(/:(\w+)/g, '{$1}')}`;
  if (s.public) out.security = [];
  else if (s.security === undefined && url.startsWith('/api/v1/public/')) out.security = [];
  return { schema: out, url };
}

function describeStatus(status: number): string {
  if (status < 300) return status === 201 ? 'Created' : 'OK';
  const codes = CODES_OF.get(status) ?? [];
  const why = WHY[status as ErrorStatus] ?? 'Error';
  return codes.length ? `${why}: ${codes.join(', ')}` : why;
}

/** Hoists the error body into components.schemas.ErrorBody and adds what the document as a whole needs. */
export function finishDocument(doc: Record<string, unknown>): Record<string, unknown> {
  const components = (doc.components ??= {}) as { schemas?: Record<string, unknown> };
  components.schemas = { ...components.schemas, ErrorBody: JSON.parse(ERROR_JSON) as object };
  const paths = (doc.paths ?? {}) as Record<string, Record<string, { responses?: Record<string, Resp> }>>;
  for (const ops of Object.values(paths)) {
    for (const op of Object.values(ops)) {
      for (const r of Object.values(op.responses ?? {})) {
        const media = r.content?.['application/json'];
        if (!media?.schema) continue;
        // @fastify/swagger takes the response's description from its schema and leaves it there too.
        const { description, ...schema } = media.schema as Record<string, unknown>;
        if (description === r.description) media.schema = schema;
        if (Object.keys(schema).length === 0) delete r.content;
        else if (JSON.stringify(schema) === ERROR_JSON)
          media.schema = { $ref: '#/components/schemas/ErrorBody' };
      }
    }
  }
  doc.servers = [{ url: '/', description: 'The central service that serves this document' }];
  return doc;
}
interface Resp {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}

export async function useOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: VERSION,
      info: {
        title: 'Doorstep central service (家门口)',
        version: '1',
        description:
          'Queues, tickets, appointments, catalog and kiosks of one district. See docs/central-api.md.',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Doorstep' },
      },
      components: {
        securitySchemes: {
          stationToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'Station token from /api/v1/stations/enroll',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'doorstep_session',
            description:
              'Set by /api/v1/auth/login; named __Host-doorstep_session when central is served over https',
          },
        },
      },
      security: [{ stationToken: [] }, { session: [] }],
    },
    transform: documentRoute as never,
    transformObject: (d) =>
      finishDocument((d as unknown as { openapiObject: Record<string, unknown> }).openapiObject) as never,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
}
