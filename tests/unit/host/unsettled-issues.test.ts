import { expect, it } from 'vitest';
import type { HostContext } from '../../../main/host/services/context';
import {
  forgetIssue,
  rememberIssue,
  settleInterruptedIssues,
} from '../../../main/host/services/unsettled-issues';
import { LocalStore } from '../../../main/host/store';

// A host that died mid ticket request (issue #10): at its next start, the requests whose outcome no
// resident was told are abandoned at central through the outbox, once; told ones are left alone.

function host(store: LocalStore) {
  let flushes = 0;
  const ctx = {
    store,
    central: { flush: () => (flushes++, Promise.resolve()) },
    logger: { log: () => undefined },
  } as unknown as HostContext;
  return { ctx, flushes: () => flushes };
}

it('abandons at start exactly the ticket requests a previous run died in, once', () => {
  const store = LocalStore.open(':memory:');
  rememberIssue(store, 'k-died-1');
  rememberIssue(store, 'k-told');
  rememberIssue(store, 'k-died-2');
  forgetIssue(store, 'k-told'); // the page was told this one

  const { ctx, flushes } = host(store);
  expect(settleInterruptedIssues(ctx)).toBe(2);
  const queued = store.outbox.pending().map((e) => ({ path: e.path, body: e.body }));
  expect(queued).toEqual([
    { path: '/api/v1/tickets/abandon', body: { key: 'k-died-1' } },
    { path: '/api/v1/tickets/abandon', body: { key: 'k-died-2' } },
  ]);
  expect(flushes()).toBeGreaterThan(0);

  // A second start finds nothing left to settle.
  expect(settleInterruptedIssues(ctx)).toBe(0);
  expect(store.outbox.depth()).toBe(2);
  store.close();
});
