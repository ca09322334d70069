import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCentral, startTestCentral } from '../central/harness';
import { activeCase } from '../video/video-harness';
import { jpegBytes } from '../../helpers/images';

// Security headers on pages, API answers and errors; uploaded documents served sandboxed; the
// operator pages (/metrics, /api/docs) open in demo mode and closed to strangers in production.

function fakeRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-renderer-'));
  mkdirSync(join(dir, 'kiosk'));
  writeFileSync(join(dir, 'kiosk', 'index.html'), '<!doctype html><title>kiosk</title>');
  return dir;
}

function expectHardened(h: Headers, what: string) {
  const csp = h.get('content-security-policy') ?? '';
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("script-src 'self'");
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('referrer-policy'), what).toBe('no-referrer');
  expect(h.get('x-frame-options'), what).toBe('SAMEORIGIN');
}

describe('security headers', () => {
  let c: TestCentral;
  let renderer: string;
  beforeAll(async () => {
    renderer = fakeRenderer();
    c = await startTestCentral('sqlite', { rendererDir: renderer });
  });
  afterAll(async () => {
    await c?.close();
    rmSync(renderer, { recursive: true, force: true });
  });

  it('are on the front-end pages, API answers, errors and unknown routes', async () => {
    for (const path of ['/kiosk/', '/api/v1/places', '/api/v1/tickets/x', '/no/such/page', '/healthz']) {
      const r = await fetch(`${c.url}${path}`);
      expectHardened(r.headers, path);
    }
    const bad = await fetch(`${c.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expectHardened(bad.headers, 'a 400');
    // Plain http in this test: no HSTS (it would pin browsers to https on a dev server).
    expect(bad.headers.get('strict-transport-security')).toBeNull();
  });

  it('serve an uploaded document sandboxed, so its bytes can never run as a page', async () => {
    const kiosk = await c.kiosk();
    const agent = await c.staff('agent1');
    const { case: vc } = await activeCase(c, kiosk, agent);
    // A JPEG header passes the upload check; the HTML after it must still never run.
    const html = jpegBytes(10, 10, Buffer.from('<html><script>alert(document.cookie)</script></html>'));
    const up = await kiosk.post(`/api/v1/video/cases/${vc.id}/documents`, {
      kind: 'photo',
      mime: 'image/jpeg',
      width: 10,
      height: 10,
      dataBase64: html.toString('base64'),
    });
    expect(up.status).toBe(201);
    const got = await fetch(`${c.url}/api/v1/video/documents/${up.body.id}`, { headers: agent.auth() });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('leave /metrics and /api/docs open in demo mode', async () => {
    expect((await fetch(`${c.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${c.url}/api/docs/json`)).status).toBe(200);
  });
});

describe('operator pages in production mode', () => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral('sqlite', {
      production: true,
      metricsToken: 'a-metrics-token-for-the-scraper',
      webhookTargets: 'any',
    });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('need the metrics token or a staff sign-in', async () => {
    for (const path of ['/metrics', '/api/docs/json', '/api/docs/']) {
      const r = await fetch(`${c.url}${path}`);
      expect(r.status, path).toBe(401);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    }
    const kiosk = await c.kiosk();
    expect((await kiosk.get('/api/docs/json')).status).toBe(401);
    expect(
      (await fetch(`${c.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-the-same-len' } }))
        .status,
    ).toBe(401);
    const scraped = await fetch(`${c.url}/metrics`, {
      headers: { authorization: 'Bearer a-metrics-token-for-the-scraper' },
    });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('doorstep_http_requests_total');
    const agent = await c.staff('agent1');
    expect((await agent.get('/api/docs/json')).status).toBe(200);
    expect((await agent.get('/metrics')).status).toBe(200);
  });
});
