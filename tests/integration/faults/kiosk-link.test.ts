import { expect, it } from 'vitest';
import { FULL, report } from './harness';
import { atCentral, linkedKiosk, residentsInTurn, settleOutbox } from './linked-kiosk';

// A real kiosk host (simulated reader and printer on PTYs) talks to central through a TCP proxy that
// resets connections and cuts answers after central acted on them. Residents take window tickets one
// after another. Proves (issue #10 items 3 and 6): every number a resident holds is at central
// exactly once once the link is good again, and no waiting ticket at central is held by nobody (a
// ticket whose answer was lost is asked again with its key or abandoned through the outbox); the
// kiosk never runs out of leased numbers, and no resident waits for the link's 8 s time limit.

const RESIDENTS = FULL ? 60 : 12;
const ITEM = 'i-jzz';

const k = linkedKiosk('link', 10);

it('hands every resident a number central holds exactly once, and leaves no ticket nobody holds, through a link that cuts and resets', async () => {
  k.proxy.plan({ cut: 0.3, reset: 0.15 });
  const { held, refused, slowestMs } = await residentsInTurn(k, {
    n: RESIDENTS,
    itemId: ITEM,
    birth: '19700101',
    firstCode: 100,
  });

  // The link is good again: the outbox delivers what waited (uploads, abandons, print statuses).
  const outboxDepth = await settleOutbox(k);
  const { waiting, ghosts, notOnce } = await atCentral(k, ITEM, held);
  report('kiosk host through a cutting, resetting link', {
    residents: RESIDENTS,
    online: held.filter((h) => !h.offline).length,
    offline: held.filter((h) => h.offline).length,
    refused: refused.length,
    cuts: k.proxy.counts.cut,
    resets: k.proxy.counts.reset,
    waitingAtCentral: waiting.length,
    ghosts: ghosts.length,
    heldNotOnceAtCentral: notOnce.length,
    outboxDepth,
    slowestIssueMs: slowestMs,
  });
  expect(refused).toEqual([]);
  expect(outboxDepth).toBe(0);
  expect(ghosts).toEqual([]);
  expect(notOnce).toEqual([]);
  expect(new Set(held.map((h) => h.number)).size).toBe(RESIDENTS);
});
