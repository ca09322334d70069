import { z } from 'zod';

// The one error body every API returns: {error: {code, message, fields?}}. Codes are stable; each is
// mapped once to an HTTP status (here) and once to bilingual user text (contract/i18n.ts).

export const ErrorCode = z.enum([
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  /** An edit made on an older version of a record than the stored one (someone else changed it). */
  'VERSION_CONFLICT',
  /** A repeat of an Idempotency-Key whose first request is still running: retry it later. */
  'REQUEST_IN_PROGRESS',
  /** An Idempotency-Key sent again with another method or path: refused, never retried. */
  'IDEMPOTENCY_KEY_REUSED',
  'INVALID_TRANSITION',
  'TICKET_ALREADY_CALLED',
  'RATE_LIMITED',
  'OUTSIDE_CHECK_IN_WINDOW',
  'SLOT_FULL',
  'BOOKING_BLOCKED',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string().min(1),
    fields: z.array(FieldError).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  REQUEST_IN_PROGRESS: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  INVALID_TRANSITION: 409,
  TICKET_ALREADY_CALLED: 409,
  OUTSIDE_CHECK_IN_WINDOW: 409,
  SLOT_FULL: 409,
  BOOKING_BLOCKED: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** An error as a value with a code, thrown inside a service and mapped once to the error body. */
export class DoorstepError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'DoorstepError';
  }

  get status(): number {
    return HTTP_STATUS_OF[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) },
    };
  }
}

/** Field errors from a failed zod parse, as the error body lists them. */
export function fieldErrorsOf(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): FieldError[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}
