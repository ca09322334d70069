import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

// A UDP impairment relay for the video tests and bench (issue 19): it stands in front of the TURN
// server on loopback and drops, delays and jitters packets, separately per direction:
//   up   = client → TURN server (what a kiosk or console sends),
//   down = TURN server → client.
// Each client address gets its own upstream socket, so the TURN server sees one 5-tuple per client,
// as without the relay. With relay-only ICE every media packet crosses it twice (the sender's up leg,
// the receiver's down leg); impairing `up` alone hits each media direction once, with the RTT growing
// by twice the delay — the same as impairing one party's access link both ways.
// Loopback only; bounded: at most MAX_CLIENTS clients and MAX_QUEUED packets held for delay. A client
// silent for IDLE_MS (its peer connection closed: a live one sends consent checks every few seconds)
// makes room for a new one when the table is full; without that a bench's ninth call or so found no
// room and never connected.

export interface Impairment {
  /** Share of packets dropped, 0–100 %. */
  dropPct: number;
  /** Added one-way delay, ms. */
  delayMs: number;
  /** Uniform extra delay 0..jitterMs per packet (packets may overtake each other, as on a real link). */
  jitterMs: number;
}

export interface LegCount {
  packets: number;
  bytes: number;
  dropped: number;
}

export interface ImpairRelay {
  port: number;
  /** The TURN URL to hand the clients (the target's, with the relay's port). */
  turnUrl: string;
  set(dir: 'up' | 'down', imp: Partial<Impairment>): void;
  /** Counts since start (or the last reset), per direction; bytes are those passed on. */
  counts(): { up: LegCount; down: LegCount };
  reset(): void;
  close(): Promise<void>;
}

const NONE: Impairment = { dropPct: 0, delayMs: 0, jitterMs: 0 };
const MAX_CLIENTS = 64;
const MAX_QUEUED = 20_000;
const IDLE_MS = 20_000;

export async function startImpairRelay(
  targetPort: number,
  random: () => number = Math.random,
  limits: { maxClients?: number; idleMs?: number } = {},
): Promise<ImpairRelay> {
  const maxClients = limits.maxClients ?? MAX_CLIENTS;
  const idleMs = limits.idleMs ?? IDLE_MS;
  const front = createSocket('udp4');
  const clients = new Map<string, { sock: Socket; seen: number }>();
  const imp = { up: { ...NONE }, down: { ...NONE } };
  const zero = (): LegCount => ({ packets: 0, bytes: 0, dropped: 0 });
  let count = { up: zero(), down: zero() };
  let queued = 0;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closed = false;

  /** Passes one packet on through `dir`'s impairment. */
  const pass = (dir: 'up' | 'down', msg: Buffer, send: () => void) => {
    const i = imp[dir];
    const c = count[dir];
    if (random() * 100 < i.dropPct || queued >= MAX_QUEUED) {
      c.dropped++;
      return;
    }
    c.packets++;
    c.bytes += msg.length;
    const wait = i.delayMs + (i.jitterMs > 0 ? random() * i.jitterMs : 0);
    if (wait <= 0) return send();
    queued++;
    const timer = setTimeout(() => {
      timers.delete(timer);
      queued--;
      if (!closed) send();
    }, wait);
    timers.add(timer);
  };

  const upstreamFor = (from: RemoteInfo): Socket | null => {
    const key = `${from.address}:${from.port}`;
    const known = clients.get(key);
    if (known) {
      known.seen = Date.now();
      return known.sock;
    }
    if (clients.size >= maxClients) {
      // The longest silent, if silent long enough (bounded: one pass over at most MAX_CLIENTS).
      let idle: [string, { sock: Socket; seen: number }] | null = null;
      for (const e of clients) if (!idle || e[1].seen < idle[1].seen) idle = e;
      if (!idle || Date.now() - idle[1].seen < idleMs) return null;
      clients.delete(idle[0]);
      idle[1].sock.close();
    }
    const sock = createSocket('udp4');
    sock.on('message', (msg) =>
      pass('down', msg, () => front.send(msg, from.port, from.address, () => undefined)),
    );
    sock.on('error', () => undefined);
    sock.bind(0, '127.0.0.1');
    clients.set(key, { sock, seen: Date.now() });
    return sock;
  };

  front.on('message', (msg, from) => {
    const up = upstreamFor(from);
    if (up)
      pass('up', msg, () => {
        try {
          up.send(msg, targetPort, '127.0.0.1', () => undefined);
        } catch {
          // Evicted (closed) while the packet was held back: lost, as on the real link.
        }
      });
  });
  front.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind(0, '127.0.0.1', () => resolve());
  });
  const port = front.address().port;

  return {
    port,
    turnUrl: `turn:127.0.0.1:${port}?transport=udp`,
    set(dir, i) {
      imp[dir] = { ...imp[dir], ...i };
    },
    counts: () => ({ up: { ...count.up }, down: { ...count.down } }),
    reset() {
      count = { up: zero(), down: zero() };
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const all = [front, ...[...clients.values()].map((c) => c.sock)];
      clients.clear();
      await Promise.all(all.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
