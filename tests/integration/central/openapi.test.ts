import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { type Json, type TestCentral, startTestCentral } from './harness';

// The OpenAPI document at /api/docs/json is what client teams generate code from: it must lint clean
// under redocly's recommended rules, every schema in it must compile as JSON Schema, and every
// operation must be addressable (unique operationId) and say how it fails. Routes other teams add
// with `route({...})` get these defaults without writing them (central/http/openapi.ts).

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Op {
  path: string;
  method: string;
  op: Json;
}

function operations(doc: Json): Op[] {
  const out: Op[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of METHODS) if (item[method]) out.push({ path, method, op: item[method] });
  }
  return out;
}

describe('the OpenAPI document', () => {
  let c: TestCentral;
  let doc: Json;
  let text: string;
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { listen: false });
    const r = await c.central.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(r.statusCode).toBe(200);
    text = r.body;
    doc = JSON.parse(text);
  });
  afterAll(() => c?.close());

  it('lints with 0 problems under the redocly recommended ruleset', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: text, absoluteRef: 'openapi.json', config });
    const listed = problems.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`,
    );
    expect(listed).toEqual([]);
  });

  it('has schemas that compile with Ajv 8 and describe what the service really sends', async () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    // Error responses point at #/components/schemas/ErrorBody: compile each schema inside the document's components.
    const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
    const compile = (schema: Json) => {
      const key = JSON.stringify(schema);
      if (!compiled.has(key)) compiled.set(key, ajv.compile({ ...schema, components: doc.components }));
      return compiled.get(key)!;
    };
    const failed: string[] = [];
    for (const { path, method, op } of operations(doc)) {
      const schemas: Array<[string, Json]> = [
        ...(op.parameters ?? []).map((p: Json) => [`parameter ${p.name}`, p.schema]),
        ...Object.values<Json>(op.requestBody?.content ?? {}).map((m) => ['body', m.schema]),
        ...Object.entries<Json>(op.responses).flatMap(([code, r]) =>
          Object.values<Json>(r.content ?? {}).map((m) => [`response ${code}`, m.schema]),
        ),
      ];
      for (const [what, schema] of schemas) {
        try {
          compile(schema);
        } catch (err) {
          failed.push(`${method} ${path} ${what}: ${(err as Error).message}`);
        }
      }
    }
    expect(failed).toEqual([]);

    // A real answer and a real error validate against what the document says about them.
    const catalog = await c.anon.get('/api/v1/catalog');
    const catalogSchema =
      doc.paths['/api/v1/catalog'].get.responses['200'].content['application/json'].schema;
    expect(compile(catalogSchema)(catalog.body)).toBe(true);
    const refused = await c.anon.get('/api/v1/agents/me');
    expect(refused.status).toBe(401);
    const errorSchema =
      doc.paths['/api/v1/agents/me'].get.responses['401'].content['application/json'].schema;
    expect(compile(errorSchema)(refused.body)).toBe(true);
  });

  it('gives every operation a unique operationId, a tag, a summary and its 4xx responses', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(40);
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      const where = `${method} ${path}`;
      expect(op.tags?.length, where).toBeGreaterThan(0);
      expect(op.summary, where).toBeTruthy();
      const fours = Object.keys(op.responses).filter((code) => code.startsWith('4'));
      expect(fours.length, where).toBeGreaterThan(0);
      for (const code of fours) {
        expect(op.responses[code].content['application/json'].schema, `${where} ${code}`).toEqual({
          $ref: '#/components/schemas/ErrorBody',
        });
      }
      // JSON, or another media type a route streams (a kiosk package upload: application/octet-stream).
      if (op.requestBody) {
        const media = Object.values<Json>(op.requestBody.content);
        expect(media.length, where).toBeGreaterThan(0);
        for (const m of media) expect(m.schema, where).toBeTruthy();
      }
    }
  });

  it('marks public operations as needing no credential and leaves pages out', () => {
    const security = (path: string, method: string) => doc.paths[path][method].security;
    expect(security('/api/v1/public/tickets/{id}', 'get')).toEqual([]);
    expect(security('/api/v1/auth/login', 'post')).toEqual([]);
    expect(security('/api/v1/stations/enroll', 'post')).toEqual([]);
    expect(security('/api/v1/tickets', 'post')).toBeUndefined(); // the document-wide station token or session
    expect(doc.security).toEqual([{ stationToken: [] }, { session: [] }]);
    // A sign-in needs no credential, so it cannot answer 401 for a missing one, but it can refuse with 429.
    expect(Object.keys(doc.paths['/api/v1/auth/login'].post.responses)).toContain('429');
    for (const path of Object.keys(doc.paths)) expect(path.startsWith('/api/'), path).toBe(true);
    expect(doc.paths['/t/{id}']).toBeUndefined();
    expect(doc.servers).toHaveLength(1);
  });

  it('types nullable fields instead of a bare nullable flag', () => {
    expect(text).not.toContain('"nullable"');
    const ticket = doc.paths['/api/v1/tickets/{id}'].get.responses['200'].content['application/json'].schema;
    expect(ticket.properties.stationId.anyOf).toContainEqual({ type: 'null' });
  });
});
