import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy';

// The fault proxy's slow link (used to slow the video signaling in the video-impaired bench): delay
// each way and TCP-like loss (a chunk held back by a retransmission timeout) never lose, duplicate or
// reorder bytes, and a round trip takes at least both delays.

describe('fault proxy delay and loss', () => {
  let echo: net.Server;
  let proxy: FaultProxy;
  beforeAll(async () => {
    echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    proxy = await startFaultProxy(`http://127.0.0.1:${(echo.address() as net.AddressInfo).port}`, 7);
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((r) => echo.close(() => r()));
  });

  it('delivers every byte in order through delay both ways and loss', async () => {
    proxy.plan({ delayMs: 20, delayBackMs: 30, lossPct: 30 });
    const { port } = new URL(proxy.url);
    const sock = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const sent = Array.from({ length: 40 }, (_, i) => `<${i}>`);
    let got = '';
    const done = new Promise<void>((resolve) =>
      sock.on('data', (d: Buffer) => {
        got += d.toString();
        if (got.length >= sent.join('').length) resolve();
      }),
    );
    const t0 = Date.now();
    for (const m of sent) sock.write(m);
    await done;
    expect(got).toBe(sent.join(''));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45); // 20 + 30 ms, less timer rounding;
    sock.destroy();
  });
});
