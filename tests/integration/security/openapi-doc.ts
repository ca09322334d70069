import { request } from 'node:http';

// The OpenAPI document of a running central service as a list of operations, and a raw HTTP client
// that sends exactly the bytes and path it is given (fetch would normalise `..` and refuse NUL).
// Shared by the generated bad-input and authorization tests.

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/v1/tickets/{id}. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** Top-level properties of the JSON body schema (empty when none is documented). */
  bodyProps: Record<string, PropSchema>;
  required: string[];
}

interface Doc {
  paths: Record<string, Record<string, OpenApiOp>>;
}
interface OpenApiOp {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
export interface PropSchema {
  type?: string;
  enum?: unknown[];
}
interface JsonSchema {
  type?: string;
  properties?: Record<string, PropSchema>;
  required?: string[];
}

export async function operationsOf(baseUrl: string): Promise<Operation[]> {
  const doc = (await (await fetch(`${baseUrl}/api/docs/json`)).json()) as Doc;
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const params = op.parameters ?? [];
      const schema = op.requestBody?.content?.['application/json']?.schema ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyProps: schema.properties ?? {},
        required: schema.required ?? [],
      });
    }
  }
  return ops;
}

/** `METHOD /path` — the key of an operation in the expected tables. */
export const opKey = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;

/** The path with every parameter replaced (already URL-encoded values). */
export function fillPath(op: Operation, values: Record<string, string>, fallback: string): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? fallback);
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends one request as given; resolves with status 0 when the server closes without answering. */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): Promise<RawResponse> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        // Certificates of the test CA are checked by the TLS tests, not here.
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' ? resolve({ status: 0, headers: {}, text: '' }) : reject(err),
    );
    req.end(body);
  });
}
