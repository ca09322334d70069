import type { z } from 'zod';
import { DoorstepError, fieldErrorsOf } from '../../contract/errors';

/** Parses with a contract schema inside a handler (bodies that depend on a path parameter). */
export function parseWith<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const r = schema.safeParse(data ?? {});
  if (!r.success)
    throw new DoorstepError(
      'VALIDATION_FAILED',
      'the request body is not valid',
      fieldErrorsOf(r.error.issues),
    );
  return r.data;
}
