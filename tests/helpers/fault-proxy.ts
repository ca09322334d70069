import net from 'node:net';

// A TCP proxy that injects link faults between a kiosk host and central, for the fault suite. Each
// new connection gets a fate from the current plan:
//   pass   bytes flow both ways (after `delayMs`, if set, for each chunk towards central, and
//          `answerDelayMs` for each chunk towards the kiosk);
//   reset  the connection is reset at once (ECONNRESET: central never sees the request);
//   cut    the request reaches central, but the connection is cut when its answer starts to come
//          back (the answer is lost after central acted: the case that makes ghost tickets). Drawn
//          for each answer, as a kept-alive connection carries many.
// Fates are drawn from a seeded generator, so a run can be repeated. Listens on 127.0.0.1, port 0.

export interface FaultPlan {
  /** Share of new connections reset at once (0-1). */
  reset?: number;
  /** Share of new connections whose first answer is cut off (0-1). */
  cut?: number;
  /** Delay added to every chunk towards central (ms), from the moment it arrives. */
  delayMs?: number;
  /**
   * Delay added to every chunk towards the kiosk (ms): central acts at once and its answer comes
   * late (past a kiosk's time limit it is an answer lost after central acted, arriving anyway).
   */
  answerDelayMs?: number;
}

export interface FaultProxy {
  readonly url: string;
  /** Connections passed or reset, and answers cut, so far. */
  readonly counts: { pass: number; reset: number; cut: number };
  /** Changes the plan for connections opened from now on. */
  plan(p: FaultPlan): void;
  /** Resets every open connection (a link that drops everything at once). */
  dropAll(): void;
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPGRADE = Buffer.from('101');

export async function startFaultProxy(target: string, seed = 1): Promise<FaultProxy> {
  const { hostname, port } = new URL(target);
  const random = seeded(seed);
  let current: FaultPlan = {};
  const counts = { pass: 0, reset: 0, cut: 0 };
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => undefined);
    if (random() < (current.reset ?? 0)) {
      counts.reset++;
      client.resetAndDestroy();
      return;
    }
    counts.pass++;
    // Delays come from the plan current when a chunk arrives (a link that slows down or recovers
    // under a kept-alive connection), never reordering a connection's chunks.
    let upAt = 0;
    let downAt = 0;
    const later = (delayMs: number, last: number, fn: () => void): number => {
      const at = Math.max(Date.now() + delayMs, last);
      if (at <= Date.now()) fn();
      else setTimeout(fn, at - Date.now());
      return at;
    };
    const upstream = net.connect(Number(port), hostname);
    open.add(upstream);
    upstream.once('close', () => {
      open.delete(upstream);
      // Delayed answers still on their way arrive before the close.
      later(0, downAt, () => client.destroy());
    });
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    client.on('data', (chunk) => {
      upAt = later(current.delayMs ?? 0, upAt, () => upstream.write(chunk));
    });
    const toClient = (chunk: Buffer) => {
      if (client.destroyed) return;
      // Each answer that starts (keep-alive carries several) may be cut; a WebSocket upgrade is not.
      const answer =
        chunk.subarray(0, 9).toString('latin1') === 'HTTP/1.1 ' && !chunk.subarray(9, 12).equals(UPGRADE);
      if (answer && random() < (current.cut ?? 0)) {
        counts.cut++;
        // Central answered: the answer is lost on the way back.
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    };
    upstream.on('data', (chunk: Buffer) => {
      downAt = later(current.answerDelayMs ?? 0, downAt, () => toClient(chunk));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    counts,
    plan(p) {
      current = p;
    },
    dropAll() {
      for (const s of open) s.resetAndDestroy();
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
