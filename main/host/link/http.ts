import type { ZodType } from 'zod';
import { ErrorBody, type FieldError } from '../../../contract/errors';
import { KioskHostError } from '../errors';
import type { CentralFetch } from './tls';

// HTTP to the central service with the station token. Every failure is a KioskHostError: an error
// body from central keeps its code; no answer at all (refused, timeout, 5xx) is UNAVAILABLE with
// `unreachable` set, which is what the outbox and the offline ticket path act on.

/** Failures before a connection existed: central cannot have seen the request. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH']);

export class CentralRequestError extends KioskHostError {
  constructor(
    code: string,
    /** What happened, for the technician's log (method, path, status or network cause). */
    readonly detail: string,
    readonly status: number | null,
    /** True when central did not answer (network) or could not (5xx): worth retrying later. */
    readonly unreachable: boolean,
    /** True when the request cannot have reached central (connection refused, no such host). */
    readonly neverSent = false,
    /** Central's field errors, passed on to the kiosk page with the code (a refused phone number …). */
    fields?: FieldError[],
  ) {
    super(code, detail, fields);
    this.name = 'CentralRequestError';
  }
}

export interface Contact {
  ok: boolean;
  /** HTTP status when central answered. */
  status?: number;
  /** Whether the station token was sent. */
  withToken?: boolean;
  /** Central's clock from the Date header, when it answered. */
  serverDate?: Date;
  sentAt: number;
  receivedAt: number;
}

export interface CentralHttpOptions {
  baseUrl: string;
  getToken: () => string | null;
  timeoutMs?: number;
  /** Every attempt's outcome, for the link status and clock skew. */
  onContact?: (c: Contact) => void;
  /** How requests are sent (default the global fetch; a pinned CA: link/tls.ts centralFetch). */
  fetch?: CentralFetch;
}

export interface RequestOptions<T> {
  body?: unknown;
  idempotencyKey?: string;
  schema?: ZodType<T>;
  auth?: boolean;
  /** Extra headers (e.g. an admin cookie in dev tools). */
  headers?: Record<string, string>;
  /** This request's own time limit (a resident waiting at the screen), instead of the client's. */
  timeoutMs?: number;
}

export class CentralHttp {
  constructor(private readonly o: CentralHttpOptions) {}

  get baseUrl(): string {
    return this.o.baseUrl.replace(/\/$/, '');
  }

  async request<T = unknown>(method: string, path: string, opts: RequestOptions<T> = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    const token = opts.auth === false ? null : this.o.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const sentAt = Date.now();
    let res: Response;
    try {
      res = await (this.o.fetch ?? fetch)(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? this.o.timeoutMs ?? 8000),
      });
    } catch (err) {
      this.o.onContact?.({ ok: false, sentAt, receivedAt: Date.now() });
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new CentralRequestError(
        'UNAVAILABLE',
        `${method} ${path}: ${cause}`,
        null,
        true,
        NEVER_SENT.has(cause),
      );
    }
    const date = res.headers.get('date');
    this.o.onContact?.({
      ok: res.status < 500,
      status: res.status,
      withToken: Boolean(token),
      serverDate: date ? new Date(date) : undefined,
      sentAt,
      receivedAt: Date.now(),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: judged by the status below
    }
    if (!res.ok) {
      const body = ErrorBody.safeParse(json);
      const code = body.success ? body.data.error.code : res.status >= 500 ? 'UNAVAILABLE' : 'BAD_REQUEST';
      const fields = body.success ? body.data.error.fields : undefined;
      const detail =
        `${method} ${path} → ${res.status}${body.success ? `: ${body.data.error.message}` : ''}` +
        (fields?.length ? ` [${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}]` : '');
      throw new CentralRequestError(code, detail, res.status, res.status >= 500, false, fields);
    }
    if (!opts.schema) return json as T;
    const parsed = opts.schema.safeParse(json);
    if (!parsed.success) {
      throw new CentralRequestError(
        'INTERNAL',
        `${method} ${path}: unexpected answer from central`,
        res.status,
        false,
      );
    }
    return parsed.data;
  }
}
