import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { startImpairRelay, type ImpairRelay } from '../../e2e/impair-relay';

// The test tool itself: what goes up reaches the target and its answers come back; a drop share drops
// that share (a seeded sequence, so exact); a delay holds packets back.

async function echoServer() {
  const s = createSocket('udp4');
  s.on('message', (m, r) => s.send(m, r.port, r.address));
  s.bind(0, '127.0.0.1');
  await once(s, 'listening');
  return s;
}

/** mulberry32: a small seeded generator, so the drop pattern is the same on every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('impairment relay', () => {
  let relay: ImpairRelay | undefined;
  const sockets: ReturnType<typeof createSocket>[] = [];
  afterEach(async () => {
    await relay?.close();
    sockets.splice(0).forEach((s) => s.close());
  });

  async function setup() {
    const echo = await echoServer();
    sockets.push(echo);
    relay = await startImpairRelay(echo.address().port, seeded(7));
    const client = createSocket('udp4');
    sockets.push(client);
    client.bind(0, '127.0.0.1');
    await once(client, 'listening');
    const got: Buffer[] = [];
    client.on('message', (m) => got.push(m));
    const send = (n: number) => {
      for (let i = 0; i < n; i++) client.send(Buffer.from(`p${i}`), relay!.port, '127.0.0.1');
    };
    return { got, send };
  }

  /** Waits (bounded) until the relay has handled `n` packets in both directions. */
  async function settled(n: number) {
    for (let i = 0; i < 200; i++) {
      const c = relay!.counts();
      if (c.up.packets + c.up.dropped >= n && c.down.packets + c.down.dropped >= c.up.packets) return c;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`relay did not settle: ${JSON.stringify(relay!.counts())}`);
  }

  it('passes packets both ways and counts them', async () => {
    const { got, send } = await setup();
    send(50);
    const c = await settled(50);
    expect(c.up).toEqual({ packets: 50, bytes: c.up.bytes, dropped: 0 });
    expect(c.down.packets).toBe(50);
    for (let i = 0; i < 200 && got.length < 50; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got.length).toBe(50);
  });

  it('drops about the share it is told to, upstream only', async () => {
    const { got, send } = await setup();
    relay!.set('up', { dropPct: 20 });
    // In batches: a burst of hundreds overflows the loopback socket buffers, which is not the relay.
    for (let b = 1; b <= 8; b++) {
      send(50);
      await settled(50 * b);
    }
    const c = relay!.counts();
    expect(c.up.dropped).toBeGreaterThan(50);
    expect(c.up.dropped).toBeLessThan(110);
    expect(c.down.dropped).toBe(0);
    for (let i = 0; i < 200 && got.length < c.up.packets; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got.length).toBe(c.up.packets);
  });

  it('holds packets back by the delay', async () => {
    const { got, send } = await setup();
    relay!.set('down', { delayMs: 150 });
    const t0 = performance.now();
    send(1);
    for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got.length).toBe(1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
  });

  it('makes room for a new client when the table is full and one has gone silent', async () => {
    const echo = await echoServer();
    sockets.push(echo);
    relay = await startImpairRelay(echo.address().port, Math.random, { maxClients: 1, idleMs: 50 });
    const client = async () => {
      const c = createSocket('udp4');
      sockets.push(c);
      c.bind(0, '127.0.0.1');
      await once(c, 'listening');
      return c;
    };
    const answered = async (c: ReturnType<typeof createSocket>) => {
      // Bounded: a few tries, each waiting up to 2 s for the echo.
      for (let i = 0; i < 5; i++) {
        c.send(Buffer.from('hello'), relay!.port, '127.0.0.1');
        const got = await Promise.race([
          once(c, 'message').then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), 2000)),
        ]);
        if (got) return true;
      }
      return false;
    };
    const first = await client();
    expect(await answered(first)).toBe(true);
    const second = await client();
    // Full, and the first spoke just now: no room yet (one try, the packet is simply dropped).
    second.send(Buffer.from('early'), relay.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 100)); // the first falls silent past idleMs
    expect(await answered(second)).toBe(true);
  });
});
