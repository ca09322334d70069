import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WakeTimers } from '../../../central/services/webhooks';
import { type TestCentral, idNumber, startTestCentral } from './harness';

// Webhook retries on the injected clock alone: a manual clock and the wake-ups it owns decide when an
// attempt is due, so backoff (1 s, then 2 s), giving up after the last attempt, the signature's
// timestamp and pruning after 7 days are checked without one sleep.

/** Wake-ups the test fires by moving the clock; `next()` waits for the dispatcher to set one. */
function manualTimers() {
  const waits: Array<{ when: number; fn: () => void; live: boolean }> = [];
  let wake: (() => void) | null = null;
  const timers: WakeTimers = {
    at(when, fn) {
      const w = { when, fn, live: true };
      waits.push(w);
      wake?.();
      return () => void (w.live = false);
    },
  };
  return {
    timers,
    async next(): Promise<number> {
      for (let i = 0; i < 100 && !waits.some((w) => w.live); i++) await new Promise<void>((r) => (wake = r));
      return Math.min(...waits.filter((w) => w.live).map((w) => w.when));
    },
    /** Runs every live wake-up due at `now`. */
    fire(now: number) {
      for (const w of waits.splice(0)) {
        if (w.live && w.when <= now) w.fn();
        else if (w.live) waits.push(w);
      }
    },
  };
}

/** A receiver answering the n-th request with `answer(n)`; `count(n)` resolves when n have arrived. */
async function receiver(answer: (n: number) => number) {
  const got: Array<{ ts: string; status: number }> = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = answer(got.length);
      got.push({ ts: String(req.headers['x-doorstep-timestamp']), status });
      res.writeHead(status).end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    async count(n: number) {
      for (let i = 0; i < 100 && got.length < n; i++) await new Promise<void>((r) => waiters.push(r));
      return got;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('webhook retries on the injected clock', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f().catch(() => undefined);
  });

  it('backs off 1 s then 2 s, gives up after the last attempt, and prunes delivered rows after 7 days', async () => {
    const rx = await receiver((n) => (n < 3 ? 500 : 204));
    cleanup.push(rx.close);
    const manual = manualTimers();
    const c: TestCentral = await startTestCentral('sqlite', {
      webhookBackoffMs: 1000,
      webhookMaxAttempts: 3,
      webhookPollMs: 3600_000,
      webhookTimers: manual.timers,
    });
    cleanup.push(c.close);
    const dispatcher = c.central.ctx.webhooks!;
    const admin = await c.staff('admin');
    const hook = (
      await admin.post('/api/v1/admin/webhooks', {
        url: rx.url,
        secret: 'a-webhook-secret-of-length',
        events: ['ticket.issued'],
      })
    ).body as { id: string };
    const deliveries = async () =>
      (await admin.get(`/api/v1/admin/webhooks/${hook.id}/deliveries`)).body.deliveries as Array<
        Record<string, unknown>
      >;
    const kiosk = await c.kiosk();
    const issue = (n: number) =>
      kiosk.post('/api/v1/tickets', {
        itemId: 'i-sbk',
        channel: 'window',
        idNumber: idNumber('19700505', n),
      });

    await issue(61);
    const first = await manual.next();
    expect(first - c.clock.ms).toBe(1000);
    expect(rx.got).toHaveLength(1);
    expect(rx.got[0]!.ts).toBe(String(Math.floor(c.clock.ms / 1000))); // signed with the clock's time
    expect((await deliveries())[0]).toMatchObject({
      status: 'retrying',
      attempts: 1,
      nextAttemptAt: new Date(first).toISOString(),
    });

    c.clock.ms = first - 1; // not yet due: nothing is sent
    manual.fire(c.clock.ms);
    expect(rx.got).toHaveLength(1);
    c.clock.ms = first;
    manual.fire(c.clock.ms);
    const second = await manual.next();
    expect(second - c.clock.ms).toBe(2000);
    expect(rx.got).toHaveLength(2);

    c.clock.ms = second;
    manual.fire(c.clock.ms);
    await rx.count(3);
    await dispatcher.idle();
    const failed = (await deliveries())[0];
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatus: 500, nextAttemptAt: null });

    await issue(62);
    await rx.count(4);
    await dispatcher.idle();
    expect((await deliveries()).map((d) => d.status)).toEqual(['delivered', 'failed']);

    // Days later the admin's session has run out: the rows are read from the database.
    const kept = async () =>
      (
        await c.central.db.all<{ status: string }>('SELECT status FROM webhook_deliveries ORDER BY id DESC')
      ).map((r) => r.status);
    c.clock.ms += 6 * 86_400_000; // a delivered row is kept 7 days
    await dispatcher.prune();
    expect(await kept()).toEqual(['delivered', 'failed']);
    c.clock.ms += 2 * 86_400_000;
    await dispatcher.prune();
    expect(await kept()).toEqual(['failed']); // failed rows stay for the admin
  });
});
