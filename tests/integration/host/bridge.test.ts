import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';

// The browser-shell bridge: the kiosk page's origin and the per-boot secret open it; anything else
// gets no socket. Over it, window.doorstep calls and host events flow as JSON messages.

let stack: KioskStack;
let origin: string;
/** A fresh one-time bootstrap, as the shell hands Chromium in the page URL. */
const bootstrap = () => /bridge=([0-9a-f]+)/.exec(new URL(stack.kioskUrl).hash)![1]!;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
  origin = new URL(stack.kioskUrl).origin;
});
afterAll(async () => {
  await stack?.close();
});

type Msg = { type: string; id?: number; event?: { type: string } } & Record<string, unknown>;

/** Opens the bridge; messages are buffered from the first byte so none is missed. */
function connect(
  protocols: string[],
  originHeader: string,
): Promise<{ ws: WebSocket; next: (ok: (m: Msg) => boolean) => Promise<Msg> } | { status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/bridge`, protocols, { origin: originHeader });
    const inbox: Msg[] = [];
    const waiters: Array<{ ok: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Msg;
      const w = waiters.findIndex((x) => x.ok(m));
      if (w >= 0) waiters.splice(w, 1)[0]!.resolve(m);
      else inbox.push(m);
    });
    const next = (ok: (m: Msg) => boolean) =>
      new Promise<Msg>((res) => {
        const i = inbox.findIndex(ok);
        if (i >= 0) res(inbox.splice(i, 1)[0]!);
        else waiters.push({ ok, resolve: res });
      });
    ws.once('open', () => resolve({ ws, next }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

describe('browser-shell bridge', () => {
  it('refuses a wrong secret with 401 and another origin with 403', async () => {
    const secret = bootstrap();
    expect(await connect(['doorstep.v1', `secret.${'0'.repeat(secret.length)}`], origin)).toEqual({
      status: 401,
    });
    expect(await connect(['doorstep.v1'], origin)).toEqual({ status: 401 });
    expect(await connect(['doorstep.v1', `secret.${secret}`], 'http://evil.example')).toEqual({
      status: 403,
    });
  });

  it('carries calls and events with the right secret', async () => {
    const r = await connect(['doorstep.v1', `secret.${bootstrap()}`], origin);
    if (!('ws' in r)) throw new Error(`refused: ${r.status}`);
    const { ws, next } = r;
    try {
      await next((m) => m.type === 'ready');
      const answer = next((m) => m.type === 'result' && m.id === 1);
      ws.send(JSON.stringify({ type: 'call', id: 1, channel: 'link.status', request: {} }));
      expect(await answer).toMatchObject({ ok: true, response: { enrolled: true } });

      const bad = next((m) => m.type === 'result' && m.id === 2);
      ws.send(
        JSON.stringify({ type: 'call', id: 2, channel: 'identity.manual', request: { idNumber: '123' } }),
      );
      expect(await bad).toMatchObject({ ok: false, error: { error: { code: 'VALIDATION_FAILED' } } });

      const identity = next((m) => m.type === 'event' && m.event?.type === 'identity');
      stack.idcardSim.placeCard(0);
      const e = (await identity) as unknown as { event: { identity: { name: string } } };
      expect(e.event.identity.name).toBe(stack.idcardSim.cards[0]!.fields.name);
      expect(JSON.stringify(e)).not.toContain(stack.idcardSim.cards[0]!.fields.idNumber);
    } finally {
      ws.close();
    }
  });

  it('spends the URL token at attach: only the session secret of the attached page opens the bridge again', async () => {
    const token = bootstrap();
    const first = await connect(['doorstep.v1', `secret.${token}`], origin);
    if (!('ws' in first)) throw new Error(`refused: ${first.status}`);
    const ready = await first.next((m) => m.type === 'ready');
    const session = String(ready.session);
    expect(session).toMatch(/^[0-9a-f]{64}$/);
    expect(session).not.toBe(token);
    // Whoever copied the URL (it sits in Chromium's command line) gets nothing once the page attached.
    expect(await connect(['doorstep.v1', `secret.${token}`], origin)).toEqual({ status: 401 });
    // The page itself reconnects with its session secret (a dropped socket, a reload).
    first.ws.close();
    const again = await connect(['doorstep.v1', `secret.${session}`], origin);
    if (!('ws' in again)) throw new Error(`refused: ${again.status}`);
    await again.next((m) => m.type === 'ready');
    again.ws.close();
  });

  it('keeps one page attached: a newer page detaches the previous one and its secret stops working', async () => {
    const a = await connect(['doorstep.v1', `secret.${bootstrap()}`], origin);
    if (!('ws' in a)) throw new Error(`refused: ${a.status}`);
    const sessionA = String((await a.next((m) => m.type === 'ready')).session);
    const closedA = new Promise<number>((r) => a.ws.once('close', (code) => r(code)));
    const b = await connect(['doorstep.v1', `secret.${bootstrap()}`], origin);
    if (!('ws' in b)) throw new Error(`refused: ${b.status}`);
    await b.next((m) => m.type === 'ready');
    expect(await closedA).toBe(4001);
    expect(await connect(['doorstep.v1', `secret.${sessionA}`], origin)).toEqual({ status: 401 });
    b.ws.close();
  });

  it('serves the kiosk bundle only: no console, dashboard or their code', async () => {
    expect((await fetch(`${origin}/kiosk/`)).status).toBe(200);
    for (const path of ['/console/', '/dashboard/', '/display/']) {
      expect((await fetch(`${origin}${path}`)).status, path).toBe(404);
    }
    const html = await (await fetch(`${origin}/kiosk/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect((await fetch(`${origin}${script}`)).status).toBe(200);
    const consoleChunk = readdirSync(join(process.cwd(), 'dist/renderer/assets')).find((f) =>
      /^console-.*\.js$/.test(f),
    );
    expect(consoleChunk).toBeDefined();
    expect((await fetch(`${origin}/assets/${consoleChunk}`)).status).toBe(404);
    // Every built file the kiosk's code names, however it names it (static or lazy import), is served:
    // found by the file name appearing in served code, not by the server's own reference parsing.
    const all = readdirSync(join(process.cwd(), 'dist/renderer/assets')).filter((f) => !f.endsWith('.map'));
    const served = new Map<string, string>([['index.html', html]]);
    for (let grew = true; grew;) {
      grew = false;
      for (const f of all) {
        if (served.has(f) || ![...served.values()].some((text) => text.includes(f))) continue;
        const res = await fetch(`${origin}/assets/${f}`);
        expect(res.status, `${f} is used by the kiosk but not served`).toBe(200);
        served.set(f, await res.text());
        grew = true;
      }
    }
  });

  it('serves the kiosk page with a strict CSP', async () => {
    const res = await fetch(`${origin}/kiosk/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${new URL(origin).port}`);
  });
});
