import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningCentral, startCentral } from '../../../central/server';
import { loadTlsFiles } from '../../../central/http/tls';
import { parseTrustProxy } from '../../../central/http/listen-options';
import { centralFetch } from '../../../main/host/link/tls';
import { startTlsCentral, type TestChain, type TlsCentral } from '../../helpers/tls-ca';

// Central speaking HTTPS itself (--tls-cert/--tls-key, docs/tls.md) with a district chain made for the
// test (root → issuing CA → server for 127.0.0.1): the API and both WebSockets work for a client that
// trusts the district root and fail for one that does not; the session cookie is __Host- and Secure,
// HSTS is sent; a wrong key or file is named with what to fix; in production a resident-facing
// base URL must be https.

let tls: TlsCentral;
let dir: string;
let district: TestChain;
let stranger: TestChain;
let central: RunningCentral;

beforeAll(async () => {
  tls = await startTlsCentral('doorstep-tls-');
  ({ dir, district, stranger, central } = tls);
});

afterAll(() => tls?.close());

/** A kiosk token for the demo station, enrolled over the trusted https link. */
async function kioskToken(fetchFn: ReturnType<typeof centralFetch>): Promise<string> {
  const code = await central.enrollmentCode('s-zhangjiang-1');
  const r = await fetchFn(`${central.url}/api/v1/stations/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, kioskName: 'tls-test' }),
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { token: string }).token;
}

/** Opens a WebSocket and says whether it opened (true) or failed (the error's code). */
function openSocket(url: string, opts: WebSocket.ClientOptions): Promise<true | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { handshakeTimeout: 5000, ...opts });
    ws.once('open', () => {
      ws.close();
      resolve(true);
    });
    ws.once('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? err.message));
  });
}

describe('central over HTTPS', () => {
  it('serves the API to a client trusting the district CA, with HSTS and a __Host- Secure session cookie', async () => {
    expect(central.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const trusted = centralFetch(district.root);
    const health = await trusted(`${central.url}/healthz`, {});
    expect(health.status).toBe(200);
    expect(health.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);

    const login = await trusted(`${central.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent1', password: 'doorstep-demo' }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^__Host-doorstep_session=dss_/);
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(setCookie).not.toMatch(/Domain=/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await trusted(`${central.url}/api/v1/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    // The same token under the plain name is no session over https (a sibling host could plant it).
    const token = cookie.split('=')[1]!;
    const planted = await trusted(`${central.url}/api/v1/auth/me`, {
      headers: { cookie: `doorstep_session=${token}` },
    });
    expect(planted.status).toBe(401);
  });

  it('is refused by a client that does not trust the district CA', async () => {
    const plain = await fetch(`${central.url}/healthz`).then(
      () => 'connected',
      (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
    );
    expect(plain).toMatch(/UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);
    const pinnedElsewhere = await centralFetch(stranger.root)(`${central.url}/healthz`, {}).then(
      () => 'connected',
      (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message,
    );
    expect(pinnedElsewhere).toMatch(/UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY|CERT/);
  });

  it('carries the event stream and video signaling over wss for a client trusting the CA only', async () => {
    const token = await kioskToken(centralFetch(district.root));
    const wss = central.url.replace(/^https/, 'wss');
    const headers = { authorization: `Bearer ${token}` };
    const events = `${wss}/api/v1/events?centreId=c-zhangjiang`;
    expect(await openSocket(events, { headers, ca: district.root })).toBe(true);
    expect(await openSocket(`${wss}/api/v1/video/ws`, { headers, ca: district.root })).toBe(true);
    expect(await openSocket(events, { headers, ca: stranger.root })).not.toBe(true);
    expect(await openSocket(events, { headers })).not.toBe(true);
  });
});

describe('central TLS set-up mistakes', () => {
  it('name the problem: missing file, key of another certificate', () => {
    expect(() => loadTlsFiles(join(dir, 'nope.pem'), district.keyFile)).toThrow(/cannot read.*no such file/);
    // (the CLI prints this message and exits 2: tests/integration/cli/central.test.ts covers the path)
    expect(() => loadTlsFiles(district.chainFile, stranger.keyFile)).toThrow(
      expect.objectContaining({
        code: 'TLS_KEY_MISMATCH',
        message: expect.stringContaining('the server certificate must come first in the certificate file'),
      }),
    );
    expect(() => loadTlsFiles(district.keyFile, district.keyFile)).toThrow(
      expect.objectContaining({ code: 'TLS_NOT_PEM' }),
    );
  });

  it('read --trust-proxy as true, a hop count or the proxy addresses, and refuse anything else', () => {
    expect(parseTrustProxy('true')).toEqual({ ok: true, value: true });
    expect(parseTrustProxy('1')).toEqual({ ok: true, value: 1 });
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,::1')).toEqual({
      ok: true,
      value: '10.0.0.5,10.1.0.0/16,::1',
    });
    expect(parseTrustProxy('nginx').ok).toBe(false);
    expect(parseTrustProxy('10.0.0.0/40').ok).toBe(false);
  });
});

describe('production mode', () => {
  it('refuses a plain-http resident-facing URL: the public URL at start and a centre base URL', async () => {
    await expect(
      startCentral({
        dataDir: join(dir, 'prod-http'),
        production: true,
        publicUrl: 'http://doorstep.example',
      }),
    ).rejects.toThrow(/plain http.*https/);

    const prod = await startCentral({
      port: 0,
      dataDir: join(dir, 'prod'),
      seed: 'demo',
      production: true,
      tls: loadTlsFiles(district.chainFile, district.keyFile),
    });
    try {
      const f = centralFetch(district.root);
      const login = await f(`${prod.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'doorstep-demo' }),
      });
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const headers = {
        cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
        'x-csrf-token': csrfToken,
        'content-type': 'application/json',
      };
      const centre = (id: string, publicBaseUrl: string) =>
        f(`${prod.url}/api/v1/admin/centres`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            id,
            name: { zh: '测试中心', en: 'Test centre' },
            address: { zh: '测试路 1 号', en: '1 Test Road' },
            openingHours: {},
            publicBaseUrl,
          }),
        });
      const http = await centre('c-tls-http', 'http://doorstep.example');
      expect(http.status).toBe(400);
      const body = (await http.json()) as { error: { code: string; fields: Array<{ path: string }> } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.fields[0]!.path).toBe('publicBaseUrl');
      expect((await centre('c-tls-https', 'https://doorstep.example')).status).toBe(201);
    } finally {
      await prod.close();
    }
  });
});

describe('behind a TLS reverse proxy (--trust-proxy, --public-url https://…)', () => {
  /** Signs agent1 in "through the proxy" and returns the Set-Cookie and the client address audited. */
  async function signInVia(
    c: RunningCentral,
  ): Promise<{ setCookie: string; hsts: string | null; ip: unknown }> {
    const r = await fetch(`${c.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
      },
      body: JSON.stringify({ username: 'agent1', password: 'doorstep-demo' }),
    });
    expect(r.status).toBe(200);
    const rows = await c.db.all<{ detail: string }>(
      "SELECT detail FROM audit WHERE action = 'auth.sign_in' ORDER BY at DESC",
    );
    return {
      setCookie: r.headers.get('set-cookie') ?? '',
      hsts: r.headers.get('strict-transport-security'),
      ip: (JSON.parse(rows[0]!.detail) as { ip: unknown }).ip,
    };
  }

  it("take the client's address from the proxy it trusts, and keep the __Host- cookie and HSTS", async () => {
    const proxied = await startCentral({
      port: 0,
      dataDir: join(dir, 'proxied'),
      seed: 'demo',
      trustProxy: '127.0.0.1',
      publicUrl: 'https://central.example',
    });
    try {
      const s = await signInVia(proxied);
      expect(s.ip).toBe('203.0.113.9');
      expect(s.setCookie).toMatch(/^__Host-doorstep_session=.*;\s*Secure/i);
      expect(s.hsts).toMatch(/max-age=/);
    } finally {
      await proxied.close();
    }
  });

  it('ignore X-Forwarded-For from an address that is not the trusted proxy', async () => {
    const other = await startCentral({
      port: 0,
      dataDir: join(dir, 'other-proxy'),
      seed: 'demo',
      trustProxy: '10.9.9.9',
      publicUrl: 'https://central.example',
    });
    try {
      expect((await signInVia(other)).ip).toBe('127.0.0.1');
    } finally {
      await other.close();
    }
  });
});
