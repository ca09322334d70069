import { describe, expect, it } from 'vitest';
import type { IceConfig } from '../../../contract/video';
import { IceCache, MIN_RENEW_MS, RETRY_MS, type IceCacheTimers } from '../../../main/host/video/ice-cache';

// The kiosk host's TURN credentials, held ahead of the ring (issue 19): the ring's peer gets them
// without a trip to central, a call never starts with a credential past half its life, and they are
// renewed before they age. A fake clock drives the renewals.

class FakeClock implements IceCacheTimers {
  t = Date.parse('2026-12-06T08:00:00Z');
  private jobs = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.jobs.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown) => void this.jobs.delete(h as number);
  /** Moves the clock, running each timer that falls due (bounded: a job may schedule another). */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (let i = 0; i < 1000; i++) {
      const due = [...this.jobs.entries()]
        .filter(([, j]) => j.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.jobs.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
      await flush();
    }
    this.t = end;
  }
  pending(): number {
    return this.jobs.size;
  }
}
const flush = () => new Promise<void>((r) => setImmediate(r));

function central(clock: FakeClock, ttlSec = 3600) {
  const served: string[] = [];
  let fail = false;
  const fetch = async (): Promise<IceConfig> => {
    if (fail) throw new Error('central unreachable');
    const username = `${Math.floor(clock.t / 1000) + ttlSec}:kiosk-${served.length + 1}`;
    served.push(username);
    return {
      iceServers: [{ urls: 'turn:127.0.0.1:3478', username, credential: 'x' }],
      iceTransportPolicy: 'all',
      expiresAt: new Date(clock.t + ttlSec * 1000).toISOString(),
    };
  };
  return { fetch, served, failing: (f: boolean) => (fail = f) };
}
const userOf = (c: IceConfig) => c.iceServers[0]?.username;

describe('TURN credentials held by the kiosk host', () => {
  it('hands the prefetched credentials to the ring without asking central again', async () => {
    const clock = new FakeClock();
    const c = central(clock);
    const cache = new IceCache(c.fetch, clock);
    cache.prefetch();
    await flush();
    expect(c.served).toEqual([expect.stringContaining(':kiosk-1')]);
    await clock.advance(60_000);
    expect(userOf(await cache.get())).toBe(c.served[0]);
    expect(userOf(await cache.get())).toBe(c.served[0]);
    expect(cache.fetches).toBe(1);
    cache.stop();
  });

  it('shares one request between a prefetch on its way and a ring that comes meanwhile', async () => {
    const clock = new FakeClock();
    const c = central(clock);
    const cache = new IceCache(c.fetch, clock);
    cache.prefetch();
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    expect(userOf(a)).toBe(userOf(b));
    expect(c.served).toHaveLength(1);
    cache.stop();
  });

  it('renews at a quarter of the lifetime, so a call starts with at least half of it left', async () => {
    const clock = new FakeClock();
    const c = central(clock, 3600);
    const cache = new IceCache(c.fetch, clock);
    cache.prefetch();
    await flush();
    await clock.advance(15 * 60_000); // the renewal falls due
    expect(c.served).toHaveLength(2);
    const got = await cache.get();
    expect(userOf(got)).toBe(c.served[1]);
    // The credential handed out was just renewed: its whole hour is left.
    expect(Date.parse(got.expiresAt!) - clock.now()).toBe(3600_000);
    cache.stop();
  });

  it('asks central directly when what it holds has less than half its life left (renewals failing)', async () => {
    const clock = new FakeClock();
    const c = central(clock, 3600);
    const cache = new IceCache(c.fetch, clock);
    cache.prefetch();
    await flush();
    c.failing(true);
    await clock.advance(31 * 60_000); // renewals failed since the quarter mark
    expect(c.served).toHaveLength(1);
    await expect(cache.get()).rejects.toThrow('central unreachable'); // stale: not handed out
    c.failing(false);
    expect(userOf(await cache.get())).toBe(c.served[1]);
    cache.stop();
  });

  it('retries a failed prefetch later instead of giving up', async () => {
    const clock = new FakeClock();
    const c = central(clock);
    c.failing(true);
    const cache = new IceCache(c.fetch, clock);
    cache.prefetch();
    await flush();
    c.failing(false);
    await clock.advance(RETRY_MS);
    expect(c.served).toHaveLength(1);
    expect(userOf(await cache.get())).toBe(c.served[0]);
    cache.stop();
  });

  it('never renews more often than the floor, even for a credential that looks nearly expired', async () => {
    const clock = new FakeClock();
    const c = central(clock, 10); // host clock far ahead, or a tiny TTL
    const cache = new IceCache(c.fetch, clock);
    cache.prefetch();
    await flush();
    await clock.advance(MIN_RENEW_MS - 1);
    expect(c.served).toHaveLength(1);
    await clock.advance(1);
    expect(c.served).toHaveLength(2);
    cache.stop();
    expect(clock.pending()).toBe(0);
  });

  it('renews on a ring in the background: this call gets the held credentials at once, the next the new ones', async () => {
    const clock = new FakeClock();
    const c = central(clock);
    let release = () => {};
    let slow = false;
    const cache = new IceCache(async () => {
      if (slow) await new Promise<void>((r) => (release = r));
      return c.fetch();
    }, clock);
    cache.prefetch();
    await flush();
    slow = true; // central answers the ring's renewal only later (a slow link)
    cache.renew();
    expect(userOf(await cache.get())).toBe(c.served[0]);
    release();
    await flush();
    expect(userOf(await cache.get())).toBe(c.served[1]);
    cache.stop();
  });
});
