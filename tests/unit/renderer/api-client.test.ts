import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiClient, ApiError } from '../../../renderer/shared/api';

// The staff front ends' one API client against a real HTTP server: answers are parsed with their
// contract schema, and every failure — an error body, a proxy's HTML page, a drifted answer, no
// answer at all — comes back in the one shape (status, code, message, fields).

const Thing = z.object({ id: z.string(), n: z.number() });

describe('the shared API client', () => {
  let server: Server;
  let base = '';
  const seen: Array<{ method?: string; csrf?: string | string[] }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method, csrf: req.headers['x-csrf-token'] });
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/ok') return json(200, { id: 'a', n: 1, extra: true });
      if (req.url === '/drift') return json(200, { id: 'a', n: 'one' });
      if (req.url === '/invalid')
        return json(400, {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'the request body is not valid',
            fields: [{ path: 'n', message: 'required' }],
          },
        });
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('parses an answer with its schema and sends the CSRF token on mutations only', async () => {
    const client = new ApiClient(base);
    client.setCsrf('tok');
    expect(await client.call(Thing, 'GET', '/ok')).toEqual({ id: 'a', n: 1 });
    await client.call(Thing, 'POST', '/ok', {});
    expect(seen.slice(-2)).toEqual([
      { method: 'GET', csrf: undefined },
      { method: 'POST', csrf: 'tok' },
    ]);
  });

  it('keeps the error body: code, message and the invalid fields', async () => {
    const r = await new ApiClient(base).request(Thing, 'POST', '/invalid', { body: {} });
    expect(r).toEqual({
      ok: false,
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'the request body is not valid',
      fields: [{ path: 'n', message: 'required' }],
    });
    const thrown = await new ApiClient(base).call(Thing, 'POST', '/invalid', {}).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).fields).toEqual([{ path: 'n', message: 'required' }]);
  });

  it('turns a proxy page, a drifted answer and no answer into error codes', async () => {
    const client = new ApiClient(base);
    expect(await client.request(Thing, 'GET', '/gateway')).toMatchObject({
      ok: false,
      status: 502,
      code: 'UNAVAILABLE',
    });
    expect(await client.request(Thing, 'GET', '/drift')).toMatchObject({
      ok: false,
      status: 200,
      code: 'INTERNAL',
    });
    const down = new ApiClient('http://127.0.0.1:1');
    expect(await down.request(Thing, 'GET', '/ok')).toMatchObject({
      ok: false,
      status: 0,
      code: 'UNAVAILABLE',
    });
  });
});
