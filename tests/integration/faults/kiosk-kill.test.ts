import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCentral, type RunningCentral } from '../../../central/server';
import { shanghaiDay } from '../../../main/host/session';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy';
import { idNumber } from '../central/harness';
import { staffTickets } from '../host/central-staff';
import { FULL, HOOK_MS, report } from './harness';
import { kioskChild, type KioskChild } from './kiosk-child';

// A real kiosk host in its own process (kiosk-process.ts: host, simulated reader and printer on
// PTYs) is killed with SIGKILL mid-burst and started again on the same data folder, round after
// round. In each burst the link to central is good for the first third of the residents, then every
// connection is reset (tickets from leased numbers, queued in the outbox), then good again; the kill
// lands anywhere in it: mid-request, mid-print, with uploads and abandons queued. Proves (issue #10,
// a kiosk killed mid-burst): every ticket the page was told it has is at central exactly once, no
// number is handed out twice (leased numbers survive the kill), the outbox ends empty, and no
// waiting ticket at central is held by nobody (an issue the host died in is abandoned at its start).

// Each round restarts the host (socat, simulators, enrollment check): on the shared 2-core machine
// at load 20 a start took up to a minute, so the full run keeps to three rounds.
const ROUNDS = FULL ? 3 : 1;
const RESIDENTS = FULL ? 15 : 9;
const ITEM = 'i-jzz';

let root: string;
let central: RunningCentral;
let proxy: FaultProxy;
let kiosk: KioskChild;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'doorstep-kiosk-kill-'));
  central = await startCentral({
    port: 0,
    dataDir: join(root, 'central'),
    seed: 'demo',
    loginLimit: 100_000,
    enrollLimit: 100_000,
  });
  proxy = await startFaultProxy(central.url, 7);
  kiosk = await kioskChild({ centralUrl: proxy.url, dataDir: join(root, 'kiosk') });
  await kiosk.start();
  await kiosk.sync(); // leases its first blocks
}, HOOK_MS);
afterAll(async () => {
  await kiosk?.kill9();
  await proxy?.close();
  await central?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const ticketsToday = async () =>
  (await staffTickets(central.url, 'c-zhangjiang', ITEM)).filter(
    (t) => t.serviceDay === shanghaiDay(new Date()),
  );
// Read from central's database: polled, and a staff sign-in each time costs a password hash.
const waitingAtCentral = async () =>
  (
    await central.db.all<{ number: string }>(
      `SELECT number FROM tickets WHERE status = 'waiting' AND item_id = ?`,
      [ITEM],
    )
  ).map((r) => r.number);
const toldNow = () => kiosk.told.map((t) => t.number);

/** Polls until `cond` holds; bounded (60 s). */
async function waitFor(cond: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 60_000;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('delivers every ticket the page was told exactly once and leaves no ticket nobody holds, after kill -9 of the kiosk host mid-burst', async () => {
  let kills = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = Date.now();
    const base = kiosk.told.length + kiosk.refused.length;
    const ids = Array.from({ length: RESIDENTS }, (_, i) =>
      idNumber(`198001${String(10 + round).padStart(2, '0')}`, i + 1),
    );
    const burst = kiosk.burst(ids, ITEM);
    const third = Math.floor(RESIDENTS / 3);
    // The link fails for the middle third: what is under way is cut, every new connection reset.
    const phases = (async () => {
      await kiosk.toldAtLeast(base + third);
      proxy.plan({ reset: 1 });
      proxy.dropAll();
      await kiosk.toldAtLeast(base + 2 * third);
      proxy.plan({});
    })();
    if (round % 3 === 0) {
      // The kill lands mid-request for sure: after the link failure, central's answers are held
      // back and the host dies once central has issued a ticket nobody was told.
      await phases;
      proxy.plan({ delayBackMs: 60_000 });
      proxy.dropAll();
      await waitFor(async () => (await waitingAtCentral()).some((n) => !toldNow().includes(n)));
    } else {
      // After a different resident each round, at a different point of the next one's request
      // or print.
      await kiosk.toldAtLeast(base + 1 + ((round * 5 + third) % (RESIDENTS - 2)));
      await new Promise((r) => setTimeout(r, (round * 173) % 450));
    }
    await kiosk.kill9();
    kills++;
    await Promise.all([burst, phases]); // released by the host's exit
    proxy.plan({});
    proxy.dropAll(); // held answers go nowhere
    const killedAt = Date.now();
    await kiosk.start();
    process.stdout.write(
      `[faults] kiosk kill round ${round + 1}: told=${kiosk.told.length} burstMs=${killedAt - t0} restartMs=${Date.now() - killedAt}\n`,
    );
  }

  // After the last start, residents take tickets from leased numbers again: none handed out before
  // the kill comes back.
  proxy.plan({ reset: 1 });
  proxy.dropAll();
  await kiosk.burst([idNumber('19800130', 1), idNumber('19800130', 2)], ITEM);
  proxy.plan({});

  // The link is good: the outbox delivers what waited (uploads, abandons, print statuses).
  let outboxDepth = await kiosk.sync();
  for (let i = 0; i < 30 && outboxDepth > 0; i++) outboxDepth = await kiosk.sync();
  const tickets = await ticketsToday();
  const waiting = tickets.filter((t) => t.status === 'waiting').map((t) => t.number);
  const toldNumbers = kiosk.told.map((t) => t.number);
  const ghosts = waiting.filter((n) => !toldNumbers.includes(n));
  const notOnce = toldNumbers.filter((n) => waiting.filter((w) => w === n).length !== 1);
  const allNumbers = tickets.map((t) => t.number);
  report('kiosk host killed mid-burst', {
    rounds: ROUNDS,
    kills,
    residentsPerBurst: RESIDENTS,
    told: kiosk.told.length,
    offline: kiosk.told.filter((t) => t.offline).length,
    refused: kiosk.refused.length,
    waitingAtCentral: waiting.length,
    cancelledAtCentral: tickets.filter((t) => t.status === 'cancelled').length,
    ghosts: ghosts.length,
    toldNotOnceAtCentral: notOnce.length,
    duplicatedNumbers: allNumbers.length - new Set(allNumbers).size,
    toldTwice: toldNumbers.length - new Set(toldNumbers).size,
    outboxDepth,
    abandonedAtStart: abandonedAtStart(join(root, 'kiosk')),
    resets: proxy.counts.reset,
  });
  expect(kiosk.refused).toEqual([]);
  expect(outboxDepth).toBe(0);
  expect(ghosts).toEqual([]);
  expect(notOnce).toEqual([]);
  expect(new Set(allNumbers).size).toBe(allNumbers.length);
  expect(new Set(toldNumbers).size).toBe(toldNumbers.length);
  expect(kiosk.told.some((t) => t.offline)).toBe(true);
});

/** Ticket requests the host found unsettled at its starts (its log; settled through the outbox). */
function abandonedAtStart(dataDir: string): number {
  const file = join(dataDir, 'logs', 'host.log');
  if (!existsSync(file)) return 0;
  return [...readFileSync(file, 'utf8').matchAll(/(\d+) ticket request\(s\) were under way/g)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
}
