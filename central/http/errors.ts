import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { DoorstepError, type ErrorBody, fieldErrorsOf } from '../../contract/errors';
import { isUnavailable } from '../db/db';
import { RequestValidationError } from './schema';

// The one error handler: every failure leaves as {error: {code, message, fields?}} with the status of
// its code (contract/errors.ts). Unknown errors are logged and become 500 INTERNAL without details.

export function toDoorstepError(err: unknown): DoorstepError {
  if (err instanceof DoorstepError) return err;
  if (err instanceof RequestValidationError) {
    return new DoorstepError('VALIDATION_FAILED', `the request ${err.part} is not valid`, err.fields);
  }
  // A contract schema parsed inside a service: the caller sent something the schema refuses.
  if (err instanceof ZodError) {
    return new DoorstepError('VALIDATION_FAILED', 'the request is not valid', fieldErrorsOf(err.issues));
  }
  const fe = err as FastifyError;
  if (fe.validation) return new DoorstepError('VALIDATION_FAILED', fe.message);
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new DoorstepError('PAYLOAD_TOO_LARGE', 'the body is too large');
  if (
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    (fe.statusCode === 400 && fe.code)
  ) {
    return new DoorstepError('BAD_REQUEST', fe.message);
  }
  // The database away (restarting, unreachable): a 503 the client retries, never a 500.
  if (isUnavailable(err))
    return new DoorstepError('UNAVAILABLE', 'the database is unavailable; try again shortly');
  if (fe.statusCode === 404) return new DoorstepError('NOT_FOUND', 'not found');
  if (fe.statusCode === 429) return new DoorstepError('RATE_LIMITED', 'too many requests');
  // Any other client error of fastify or a plugin (403 of the static files, 414, 415, …) stays a 4xx.
  if (fe.statusCode === 403) return new DoorstepError('FORBIDDEN', 'forbidden');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return new DoorstepError('BAD_REQUEST', fe.message || 'bad request');
  return new DoorstepError('INTERNAL', 'internal error');
}

export function useErrorBody(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const e = toDoorstepError(err);
    if (e.code === 'INTERNAL') req.log.error({ err }, 'request failed');
    void reply.status(e.status).send(e.toBody() satisfies ErrorBody);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .status(404)
      .send(new DoorstepError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`).toBody());
  });
}
