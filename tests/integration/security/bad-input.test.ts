import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../../contract/errors';
import { DBS, type TestCentral, startTestCentral, stopPostgres } from '../central/harness';
import { type Operation, fillPath, opKey, operationsOf, rawRequest } from './openapi-doc';

// Hostile input, generated over the OpenAPI document: for every operation, as anonymous, as a kiosk
// and as the district admin, wrong types, missing fields, 1 MB strings, deep nesting, invalid JSON,
// a BOM, UTF-16, NUL bytes in path, query and body, `..` and over-long ids. Every answer must be a
// 4xx (or a success) with the error body, never a 5xx — on SQLite and on PostgreSQL, whose text
// type refuses NUL. A body that never finishes is cut off by the request timeout.

afterAll(stopPostgres);

const MB = 1024 * 1024;
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

/** A body with every documented property present, strings carrying `s`. */
function bodyWith(op: Operation, s: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(op.bodyProps)) {
    if (p.enum?.length) out[k] = p.enum[0];
    else if (p.type === 'number' || p.type === 'integer') out[k] = 1;
    else if (p.type === 'boolean') out[k] = true;
    else if (p.type === 'array') out[k] = [s];
    else if (p.type === 'object') out[k] = { k: s };
    else out[k] = s;
  }
  return out;
}

function wrongTypes(op: Operation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(op.bodyProps)) {
    out[k] = p.type === 'string' || p.enum ? { not: 'a string' } : p.type === 'array' ? 'x' : ['x'];
  }
  return out;
}

interface Case {
  name: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

const JSON_TYPE = { 'content-type': 'application/json' };

function casesOf(op: Operation): Case[] {
  const ok = fillPath(op, {}, 'x-1');
  const cases: Case[] = [];
  const json = (name: string, body: unknown) =>
    cases.push({ name, path: ok, headers: JSON_TYPE, body: JSON.stringify(body) });
  for (const id of [
    '..',
    '%2e%2e',
    '..%2f..%2fetc%2fpasswd',
    '%00',
    'a%00b',
    'x'.repeat(4000),
    '%ff',
    '%E4%BD%A0',
  ]) {
    if (op.pathParams.length) cases.push({ name: `path ${id.slice(0, 20)}`, path: fillPath(op, {}, id) });
  }
  for (const q of op.queryParams) {
    for (const v of ['a%00b', 'x'.repeat(4000), '%ff', '-1']) {
      cases.push({ name: `query ${q}=${v.slice(0, 10)}`, path: `${ok}?${q}=${v}` });
    }
    cases.push({ name: `query ${q} twice`, path: `${ok}?${q}=a&${q}=b` });
  }
  if (op.method === 'GET') return cases;
  json('missing fields', {});
  json('null body', null);
  json('array body', []);
  json('wrong types', wrongTypes(op));
  json('NUL in strings', bodyWith(op, 'a\u0000b'));
  json('1 MB string', bodyWith(op, 'x'.repeat(MB)));
  json('long strings', bodyWith(op, 'x'.repeat(100_000)));
  const nested = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  const firstProp = Object.keys(op.bodyProps)[0] ?? 'a';
  cases.push({ name: 'deep nesting', path: ok, headers: JSON_TYPE, body: `{"${firstProp}":${nested}}` });
  cases.push({ name: 'deep array', path: ok, headers: JSON_TYPE, body: deep(100_000) });
  cases.push({ name: 'invalid JSON', path: ok, headers: JSON_TYPE, body: '{"a":' });
  cases.push({ name: 'BOM', path: ok, headers: JSON_TYPE, body: '\uFEFF{}' });
  cases.push({
    name: 'UTF-16',
    path: ok,
    headers: { 'content-type': 'application/json; charset=utf-16' },
    body: Buffer.from('\uFEFF{}', 'utf16le'),
  });
  cases.push({ name: 'text/plain', path: ok, headers: { 'content-type': 'text/plain' }, body: 'hello' });
  cases.push({ name: 'prototype keys', path: ok, headers: JSON_TYPE, body: '{"__proto__":{"x":1}}' });
  return cases;
}

// Every case runs as the district admin (who gets past every role check into the handlers); the
// ones that can break something before or during the check also as anonymous and as a kiosk.
const FOR_ALL =
  /^(path (\.\.|%00|a%00b)|query .*=a%00b|NUL in strings|missing fields|wrong types|invalid JSON)/;

// Cases decided by the JSON parser and body limit alone, the same on both databases: SQLite only.
const PARSER_ONLY =
  /^(null body|array body|1 MB|long strings|deep|invalid JSON|BOM|UTF-16|text\/plain|prototype)/;

/** Runs jobs with at most `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

/** A fake front-end build, so that the static handler is in the path of hostile URLs too. */
function fakeRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-renderer-'));
  for (const f of ['kiosk', 'console', 'display', 'dashboard']) {
    mkdirSync(join(dir, f));
    writeFileSync(join(dir, f, 'index.html'), `<!doctype html><title>${f}</title>`);
  }
  return dir;
}

describe.each(DBS)('bad input on %s', (kind) => {
  let c: TestCentral;
  let renderer: string;
  let callers: Array<{ name: string; headers: Record<string, string> }>;
  beforeAll(async () => {
    renderer = fakeRenderer();
    c = await startTestCentral(kind, { rendererDir: renderer, requestTimeoutMs: 1500 });
    const kiosk = await c.kiosk();
    const admin = await c.staff('admin');
    callers = [
      { name: 'anonymous', headers: {} },
      { name: 'kiosk', headers: kiosk.auth() },
      { name: 'admin', headers: admin.auth() },
    ];
  }, 60_000);
  afterAll(async () => {
    await c?.close();
    rmSync(renderer, { recursive: true, force: true });
  });

  it('answers every hostile request to every operation with a 4xx and the error body', async () => {
    const ops = await operationsOf(c.url);
    expect(ops.length).toBeGreaterThan(40);
    const jobs: Array<{ op: Operation; caller: (typeof callers)[number]; c: Case }> = [];
    for (const op of ops) {
      for (const caller of callers) {
        // Signing out the admin would leave the rest of the run anonymous.
        if (op.path === '/api/v1/auth/logout' && caller.name !== 'anonymous') continue;
        for (const k of casesOf(op))
          if (
            (caller.name === 'admin' || FOR_ALL.test(k.name)) &&
            (kind === 'sqlite' || !PARSER_ONLY.test(k.name))
          )
            jobs.push({ op, caller, c: k });
      }
    }
    // Failures grouped by status and case, with the operations that failed that way.
    const failures = new Map<string, string[]>();
    const fail = (group: string, what: string) => failures.set(group, [...(failures.get(group) ?? []), what]);
    await pool(jobs, 6, async ({ op, caller, c: k }) => {
      const r = await rawRequest(
        c.url,
        op.method,
        k.path,
        { ...caller.headers, 'idempotency-key': crypto.randomUUID(), ...k.headers },
        k.body,
      );
      const what = `${opKey(op)} as ${caller.name}`;
      if (r.status >= 500 || r.status === 0) fail(`${k.name}: ${r.status} ${r.text.slice(0, 100)}`, what);
      else if (r.status >= 400 && !ErrorBody.safeParse(safeJson(r.text)).success)
        fail(`${k.name}: ${r.status} without the error body: ${r.text.slice(0, 100)}`, what);
    });
    const report = [...failures].map(
      ([g, ops]) => `${ops.length}× ${g}\n    e.g. ${ops.slice(0, 3).join('; ')}`,
    );
    expect(report, `of ${jobs.length} requests`).toEqual([]);
  }, 240_000);

  it('answers hostile URLs outside the API (static files) with a 4xx, never a file outside the build', async () => {
    const paths = [
      '/kiosk/..%2f..%2f..%2fetc%2fpasswd',
      '/kiosk/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%5c..%5cwindows',
      '/%00',
      '/kiosk/%00index.html',
      `/${'x'.repeat(5000)}`,
      `/kiosk/${'..%2f'.repeat(500)}`,
      '/kiosk/%ff',
      '/api/v1/%00',
      `/api/v1/tickets/${'a'.repeat(10_000)}`,
    ];
    for (const p of paths) {
      const r = await rawRequest(c.url, 'GET', p);
      expect(r.status, `${p.slice(0, 60)}: ${r.text.slice(0, 100)}`).toBeGreaterThanOrEqual(400);
      expect(r.status, p.slice(0, 60)).toBeLessThan(500);
      expect(r.text).not.toMatch(/root:/);
      expect(ErrorBody.safeParse(safeJson(r.text)).success, `${p.slice(0, 60)}: ${r.text}`).toBe(true);
    }
  });

  it('cuts off a request whose body never finishes instead of holding it open', async () => {
    const u = new URL(c.url);
    const socket = connect(Number(u.port), u.hostname);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      let got = '';
      socket.on('data', (d) => (got += d.toString()));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
      socket.write(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          'Content-Length: 1000\r\n\r\n{"username":',
      );
    });
    // The test runs with a 1.5 s request timeout; the default is 30 s (not 330 s).
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(answer === '' || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
  });
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
