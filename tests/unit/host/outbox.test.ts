import { describe, expect, it } from 'vitest';
import { LocalStore } from '../../../main/host/store';
import { OutboxReplayer } from '../../../main/host/link/outbox-replayer';
import { CentralRequestError, type CentralHttp } from '../../../main/host/link/http';

// The outbox keeps mutations in order and replays them in that order, stopping at the first one
// central cannot take yet, skipping ones central refuses for good.

type Answer = 'ok' | 'down' | 'refuse' | 'busy' | 'conflict' | 'limited' | 'token';

function fakeCentral(behaviour: (path: string, n: number) => Answer) {
  const seen: { path: string; key?: string }[] = [];
  const http = {
    async request(_m: string, path: string, o: { idempotencyKey?: string }) {
      const outcome = behaviour(path, seen.length);
      seen.push({ path, key: o.idempotencyKey });
      if (outcome === 'down') throw new CentralRequestError('UNAVAILABLE', 'refused', null, true);
      if (outcome === 'refuse') throw new CentralRequestError('VALIDATION_FAILED', 'bad', 400, false);
      if (outcome === 'busy')
        throw new CentralRequestError('REQUEST_IN_PROGRESS', 'still running', 409, false);
      if (outcome === 'conflict') throw new CentralRequestError('CONFLICT', 'rated already', 409, false);
      if (outcome === 'limited') throw new CentralRequestError('RATE_LIMITED', 'slow down', 429, false);
      if (outcome === 'token') throw new CentralRequestError('UNAUTHENTICATED', 'no token', 401, false);
      return { ok: true };
    },
  } as unknown as CentralHttp;
  return { http, seen };
}

const noLog = () => undefined;

describe('outbox', () => {
  it('keeps entries in the order they were written, each with its own idempotency key', () => {
    const store = LocalStore.open(':memory:');
    for (const n of [1, 2, 3]) store.outbox.enqueue({ kind: 'k', path: `/p/${n}`, body: { n } });
    const pending = store.outbox.pending();
    expect(pending.map((e) => e.path)).toEqual(['/p/1', '/p/2', '/p/3']);
    expect(new Set(pending.map((e) => e.idempotencyKey)).size).toBe(3);
    store.close();
  });

  it('replays in order and sends the stored idempotency key', async () => {
    const store = LocalStore.open(':memory:');
    const keys = [1, 2, 3].map(
      (n) => store.outbox.enqueue({ kind: 'k', path: `/p/${n}`, body: {} }).idempotencyKey,
    );
    const { http, seen } = fakeCentral(() => 'ok');
    const r = await new OutboxReplayer(store.outbox, http, noLog).flush();
    expect(r).toEqual({ sent: 3, rejected: 0, blocked: false });
    expect(seen.map((s) => s.key)).toEqual(keys);
    expect(store.outbox.depth()).toBe(0);
    store.close();
  });

  it('stops at the first entry central cannot take and resumes from it later', async () => {
    const store = LocalStore.open(':memory:');
    for (const n of [1, 2, 3]) store.outbox.enqueue({ kind: 'k', path: `/p/${n}`, body: {} });
    let up = false;
    const { http, seen } = fakeCentral((path) => (up || path === '/p/1' ? 'ok' : 'down'));
    const replayer = new OutboxReplayer(store.outbox, http, noLog);
    expect(await replayer.flush()).toEqual({ sent: 1, rejected: 0, blocked: true });
    expect(store.outbox.pending().map((e) => e.path)).toEqual(['/p/2', '/p/3']);
    up = true;
    expect(await replayer.flush()).toEqual({ sent: 2, rejected: 0, blocked: false });
    expect(seen.map((s) => s.path)).toEqual(['/p/1', '/p/2', '/p/2', '/p/3']);
    expect(store.outbox.pending()).toEqual([]);
    store.close();
  });

  it('skips an entry central refuses for good so it does not block the rest', async () => {
    const store = LocalStore.open(':memory:');
    for (const n of [1, 2]) store.outbox.enqueue({ kind: 'k', path: `/p/${n}`, body: {} });
    const { http } = fakeCentral((path) => (path === '/p/1' ? 'refuse' : 'ok'));
    expect(await new OutboxReplayer(store.outbox, http, noLog).flush()).toEqual({
      sent: 1,
      rejected: 1,
      blocked: false,
    });
    expect(store.outbox.depth()).toBe(0);
    store.close();
  });

  it('goes on past a business 409 (e.g. a rating central already has under a lost key), logged with its code', async () => {
    const store = LocalStore.open(':memory:');
    const rating = store.outbox.enqueue({ kind: 'video.rating', path: '/p/rating', body: {} });
    store.outbox.enqueue({ kind: 'offline.ticket', path: '/p/upload', body: {} });
    const { http, seen } = fakeCentral((path) => (path === '/p/rating' ? 'conflict' : 'ok'));
    const logged: string[] = [];
    const log = (level: string, _area: string, text: string) => void logged.push(`${level} ${text}`);
    const replayer = new OutboxReplayer(store.outbox, http, log);
    expect(await replayer.flush()).toEqual({ sent: 1, rejected: 1, blocked: false });
    expect(seen.map((s) => s.path)).toEqual(['/p/rating', '/p/upload']);
    expect(store.outbox.depth()).toBe(0);
    expect(store.outbox.get(rating.seq)).toMatchObject({ lastError: expect.stringMatching(/^CONFLICT: /) });
    expect(logged.filter((l) => l.startsWith('error'))).toEqual([
      expect.stringMatching(/#\d+ video\.rating refused by central \(CONFLICT: .*\); marked rejected/),
    ]);
    // Nothing left to send: a later flush sends nothing again.
    expect(await replayer.flush()).toEqual({ sent: 0, rejected: 0, blocked: false });
    expect(seen).toHaveLength(2);
    store.close();
  });

  it.each([
    ['the first request with its key still running (409 REQUEST_IN_PROGRESS)', 'busy'],
    ['central out of reach', 'down'],
    ['too many requests (429)', 'limited'],
    ['the station token not taken (401)', 'token'],
  ] as const)('waits at an entry on %s and keeps the rest behind it', async (_what, answer) => {
    const store = LocalStore.open(':memory:');
    for (const n of [1, 2]) store.outbox.enqueue({ kind: 'k', path: `/p/${n}`, body: {} });
    let passing = false;
    const { http, seen } = fakeCentral((path) => (path === '/p/1' && !passing ? answer : 'ok'));
    const replayer = new OutboxReplayer(store.outbox, http, noLog);
    expect(await replayer.flush()).toEqual({ sent: 0, rejected: 0, blocked: true });
    expect(await replayer.flush()).toEqual({ sent: 0, rejected: 0, blocked: true });
    expect(seen.map((s) => s.path)).toEqual(['/p/1', '/p/1']);
    expect(store.outbox.pending().map((e) => [e.path, e.attempts])).toEqual([
      ['/p/1', 2],
      ['/p/2', 0],
    ]);
    passing = true;
    expect(await replayer.flush()).toEqual({ sent: 2, rejected: 0, blocked: false });
    store.close();
  });

  it('runs one replay at a time when flushed concurrently', async () => {
    const store = LocalStore.open(':memory:');
    for (const n of [1, 2]) store.outbox.enqueue({ kind: 'k', path: `/p/${n}`, body: {} });
    const { http, seen } = fakeCentral(() => 'ok');
    const replayer = new OutboxReplayer(store.outbox, http, noLog);
    await Promise.all([replayer.flush(), replayer.flush(), replayer.flush()]);
    expect(seen.map((s) => s.path)).toEqual(['/p/1', '/p/2']);
    store.close();
  });
});
