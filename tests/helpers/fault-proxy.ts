import net from 'node:net';

// A TCP proxy that injects link faults between a kiosk host and central, for the fault suite. Each
// new connection gets a fate from the current plan:
//   pass   bytes flow both ways (after `delayMs`, if set, for each chunk towards central, and
//          `delayBackMs` back; `lossPct` holds a chunk back by a retransmission timeout, as TCP
//          does with a lost segment: later chunks wait behind it, order is kept);
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
  /** Delay added to every chunk towards central (ms). */
  delayMs?: number;
  /**
   * Delay added to every chunk back to the client (ms): central acts at once and its answer comes
   * late (past a kiosk's time limit it is an answer lost after central acted, arriving anyway).
   */
  delayBackMs?: number;
  /**
   * Share of chunks (0-100 %, either way) "lost": held back by a retransmission timeout (Linux's
   * minimum, 200 ms, plus the round trip), the connection's later bytes waiting behind it.
   */
  lossPct?: number;
}

export interface FaultProxy {
  readonly url: string;
  /** Connections passed or reset, and answers cut, so far. */
  readonly counts: { pass: number; reset: number; cut: number };
  /** Changes the plan: fates for connections opened from now on, delay and loss at once. */
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
    // Per direction, when the last chunk goes out: a chunk never overtakes the one before it. Delay
    // and loss are read for each chunk, so a new plan slows connections already open (a kept-alive
    // signaling socket) too. Held chunks wait in one queue per direction, drained in order by one
    // timer: a timer each was not enough, as two timers due in the same millisecond but set from
    // different moments may fire out of order (seen once: 17 chunks arrived behind the 23 after them).
    const last = { up: 0, down: 0 };
    const held = {
      up: [] as Array<{ at: number; write: () => void }>,
      down: [] as Array<{ at: number; write: () => void }>,
    };
    const timer: { up?: NodeJS.Timeout; down?: NodeJS.Timeout } = {};
    const drain = (dir: 'up' | 'down') => {
      timer[dir] = undefined;
      const q = held[dir];
      while (q.length && q[0]!.at <= Date.now()) q.shift()!.write();
      if (q.length) timer[dir] = setTimeout(() => drain(dir), Math.max(1, q[0]!.at - Date.now()));
    };
    const later = (dir: 'up' | 'down', write: () => void) => {
      const delay = (dir === 'up' ? current.delayMs : current.delayBackMs) ?? 0;
      const lossPct = current.lossPct ?? 0;
      if (delay <= 0 && lossPct <= 0 && held[dir].length === 0) return write();
      const now = Date.now();
      const rtoMs = 200 + (current.delayMs ?? 0) + (current.delayBackMs ?? 0);
      const lost = lossPct > 0 && random() * 100 < lossPct;
      const at = Math.max(last[dir], now + delay + (lost ? rtoMs : 0));
      last[dir] = at;
      held[dir].push({ at, write });
      if (!timer[dir]) timer[dir] = setTimeout(() => drain(dir), Math.max(1, at - now));
    };
    const upstream = net.connect(Number(port), hostname);
    open.add(upstream);
    upstream.once('close', () => {
      open.delete(upstream);
      // What central sent before closing still arrives, after its delay.
      const wait = last.down - Date.now();
      if (wait > 0) setTimeout(() => client.destroy(), wait + 1);
      else client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    client.on('data', (chunk) => later('up', () => upstream.write(chunk)));
    upstream.on('data', (chunk: Buffer) => {
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
      later('down', () => {
        if (!client.destroyed) client.write(chunk);
      });
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
