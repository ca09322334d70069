import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifySchema,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldErrorsOf } from '../../contract/errors';

// Route schemas are the zod schemas of contract/, handed to Fastify as they are: the type provider
// (`ZodTypeProvider`, types only) infers `req.body`, `req.query`, `req.params` and the handler's return
// type from them, the validator compiler below parses with zod itself (one truth, zod's messages and
// transforms), and the OpenAPI document converts them to JSON Schema (openapi.ts). Nothing restates a
// contract shape as a hand-written generic.

export type { ZodTypeProvider };

/** An app with the type provider, as route registration helpers take it (`base.withTypeProvider<ZodTypeProvider>()`). */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The HTTP statuses an error response may have in the OpenAPI document (contract/errors.ts maps codes to them). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

export interface RouteSchemas {
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
  /** Success responses by status; error responses are added to the document by default (openapi.ts). */
  response?: Record<number, z.ZodType>;
  tags?: string[];
  summary?: string;
  description?: string;
  /** Derived from method and path when absent (`getTicketsById`). */
  operationId?: string;
  /** Needs no credential: `security: []` in the document and no 401/403 responses. */
  public?: boolean;
  security?: Array<Record<string, string[]>>;
  /** Error statuses this route gives beyond the defaults that fit it (e.g. 429 on sign-in). */
  errors?: ErrorStatus[];
  hide?: boolean;
}

/**
 * A route's schema from contract/ zod schemas. The zod objects are kept as they are so that the type
 * provider can infer from them; use with `app.withTypeProvider<ZodTypeProvider>()`.
 */
export function route<S extends RouteSchemas>(s: S): S & FastifySchema {
  return s;
}

/** A zod schema (as opposed to a JSON Schema some route may still give). */
export function isZod(s: unknown): s is z.ZodType {
  return typeof s === 'object' && s !== null && '_zod' in s;
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

/** A response that does not match its contract schema (only checked when `checkResponses` is on). */
export class ResponseDriftError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly fields: ReturnType<typeof fieldErrorsOf>,
  ) {
    super(
      `response ${status} of ${route} does not match its schema: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
    );
  }
}

export interface ValidationOptions {
  /**
   * Parse every JSON response with its route's zod schema and fail (500, logged) on a mismatch, so a
   * drift between a service and the contract fails a test. Off in production: it costs a parse per
   * response.
   */
  checkResponses?: boolean;
}

export function useZodValidation(app: FastifyInstance, opts: ValidationOptions = {}): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    return (data: unknown) => {
      if (!isZod(schema)) return { value: data };
      const r = schema.safeParse(data ?? (httpPart === 'body' ? undefined : {}));
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
  app.setSerializerCompiler(({ schema, url, httpStatus }) => {
    if (!opts.checkResponses || !isZod(schema)) return (data) => JSON.stringify(data);
    return (data) => {
      const r = schema.safeParse(data);
      if (!r.success) throw new ResponseDriftError(url, Number(httpStatus), fieldErrorsOf(r.error.issues));
      return JSON.stringify(data);
    };
  });
}
