import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCentral, type RunningCentral } from '../../../central/server';
import { startDevKiosk, type DevKiosk } from '../../../main/host/dev/dev-stack';
import { shanghaiDay } from '../../../main/host/session';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy';
import { idNumber } from '../central/harness';
import { staffTickets } from '../host/central-staff';
import { FULL, HOOK_MS, report } from './harness';

// A real kiosk host (simulated reader and printer on PTYs) talks to central through a TCP proxy that
// resets connections and cuts answers after central acted on them. Residents take window tickets one
// after another. Proves (issue #10 items 3 and 6): every number a resident holds is at central
// exactly once once the link is good again, and no waiting ticket at central is held by nobody (a
// ticket whose answer was lost is asked again with its key or abandoned through the outbox); the
// kiosk never runs out of leased numbers, and no resident waits for the link's 8 s time limit.

const RESIDENTS = FULL ? 60 : 12;
const ITEM = 'i-jzz';

let root: string;
let central: RunningCentral;
let proxy: FaultProxy;
let kiosk: DevKiosk;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'doorstep-link-'));
  central = await startCentral({ port: 0, dataDir: join(root, 'central'), seed: 'demo' });
  proxy = await startFaultProxy(central.url, 10);
  kiosk = await startDevKiosk({ centralUrl: proxy.url, dataDir: join(root, 'kiosk'), headless: true });
}, HOOK_MS);
afterAll(async () => {
  await kiosk?.close();
  await proxy?.close();
  await central?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

it('hands every resident a number central holds exactly once, and leaves no ticket nobody holds, through a link that cuts and resets', async () => {
  const { host } = kiosk;
  proxy.plan({ cut: 0.3, reset: 0.15 });
  const held: Array<{ number: string; offline: boolean }> = [];
  const refused: string[] = [];
  let slowestMs = 0;
  for (let i = 0; i < RESIDENTS; i++) {
    await host.call('identity.manual', { idNumber: idNumber('19700101', 100 + i) });
    const t0 = Date.now();
    try {
      const r = await host.call('tickets.issue', { itemId: ITEM, channel: 'window' });
      held.push({ number: r.ticket.number, offline: r.offline });
    } catch (err) {
      refused.push((err as { code?: string }).code ?? String(err));
    }
    slowestMs = Math.max(slowestMs, Date.now() - t0);
    await host.call('session.end', {});
  }

  // The link is good again: the outbox delivers what waited (uploads, abandons, print statuses).
  proxy.plan({});
  for (let round = 0; round < 30 && (await host.call('link.status', {})).outboxDepth > 0; round++) {
    await host.syncNow();
  }
  const outboxDepth = (await host.call('link.status', {})).outboxDepth;
  const tickets = (await staffTickets(central.url, 'c-zhangjiang', ITEM)).filter(
    (t) => t.serviceDay === shanghaiDay(new Date()),
  );
  const waiting = tickets.filter((t) => t.status === 'waiting').map((t) => t.number);
  const heldNumbers = held.map((h) => h.number);
  const ghosts = waiting.filter((n) => !heldNumbers.includes(n));
  const notAtCentral = heldNumbers.filter((n) => waiting.filter((w) => w === n).length !== 1);
  report('kiosk host through a cutting, resetting link', {
    residents: RESIDENTS,
    online: held.filter((h) => !h.offline).length,
    offline: held.filter((h) => h.offline).length,
    refused: refused.length,
    cuts: proxy.counts.cut,
    resets: proxy.counts.reset,
    waitingAtCentral: waiting.length,
    ghosts: ghosts.length,
    heldNotOnceAtCentral: notAtCentral.length,
    outboxDepth,
    slowestIssueMs: slowestMs,
  });
  expect(refused).toEqual([]);
  expect(outboxDepth).toBe(0);
  expect(ghosts).toEqual([]);
  expect(notAtCentral).toEqual([]);
  expect(new Set(heldNumbers).size).toBe(RESIDENTS);
});
