import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';
import { fieldErrorsOf } from '../../contract/errors';

// Route schemas come from contract/ (zod). Each zod schema is turned into JSON Schema for the OpenAPI
// document, and remembered, so that validation runs zod itself (one truth, zod's messages and
// transforms) through a validator compiler. Responses are documented, not re-serialized.

const zodOf = new WeakMap<object, z.ZodType>();

function json(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const js = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete js.$schema;
  zodOf.set(js, schema);
  return js;
}

export interface RouteSchemas {
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
  response?: Record<number, z.ZodType>;
  tags?: string[];
  summary?: string;
  security?: Array<Record<string, string[]>>;
}

export function route(s: RouteSchemas): FastifySchema {
  const out: FastifySchema & Record<string, unknown> = {};
  if (s.body) out.body = json(s.body, 'input');
  if (s.querystring) out.querystring = json(s.querystring, 'input');
  if (s.params) out.params = json(s.params, 'input');
  if (s.response) {
    out.response = Object.fromEntries(
      Object.entries(s.response).map(([code, z]) => [code, json(z, 'output')]),
    );
  }
  if (s.tags) out.tags = s.tags;
  if (s.summary) out.summary = s.summary;
  if (s.security) out.security = s.security;
  return out;
}

/** A failed request validation, carrying field errors for the error body. */
export class RequestValidationError extends Error {
  /** A 400 for any error handler that only looks at statusCode (the video plugin's). */
  readonly statusCode = 400;
  constructor(
    readonly part: string,
    readonly fields: ReturnType<typeof fieldErrorsOf>,
  ) {
    super(`invalid ${part}`);
  }
}

export function useZodValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const zs = zodOf.get(schema as object);
    return (data: unknown) => {
      if (!zs) return { value: data };
      const r = zs.safeParse(data ?? (httpPart === 'body' ? undefined : {}));
      if (r.success) return { value: r.data };
      const fields = fieldErrorsOf(r.error.issues).map((f) => ({
        ...f,
        path: f.path === '(body)' && httpPart !== 'body' ? `(${httpPart})` : f.path,
      }));
      return { error: new RequestValidationError(httpPart ?? 'body', fields) };
    };
  });
  // An empty body sent as application/json (common in HTTP clients for bodyless actions) is no body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new RequestValidationError('body', [{ path: '(body)', message: 'not valid JSON' }]), undefined);
    }
  });
  // Response schemas are for the OpenAPI document only.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
