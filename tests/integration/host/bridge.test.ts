import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';

// The browser-shell bridge: the kiosk page's origin and the per-boot secret open it; anything else
// gets no socket. Over it, window.doorstep calls and host events flow as JSON messages.

let stack: KioskStack;
let origin: string;
let secret: string;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
  const u = new URL(stack.kioskUrl);
  origin = u.origin;
  secret = /bridge=([0-9a-f]+)/.exec(u.hash)![1]!;
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
    expect(await connect(['doorstep.v1', `secret.${'0'.repeat(secret.length)}`], origin)).toEqual({
      status: 401,
    });
    expect(await connect(['doorstep.v1'], origin)).toEqual({ status: 401 });
    expect(await connect(['doorstep.v1', `secret.${secret}`], 'http://evil.example')).toEqual({
      status: 403,
    });
  });

  it('carries calls and events with the right secret', async () => {
    const r = await connect(['doorstep.v1', `secret.${secret}`], origin);
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

  it('serves the kiosk page with a strict CSP', async () => {
    const res = await fetch(`${origin}/kiosk/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${new URL(origin).port}`);
  });
});
