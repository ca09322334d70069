// Time from a card placed to the parsed record through the real driver, a socat PTY and the reader
// simulator at 115200 baud, against the pure wire time of the frames of one read cycle
// (find + select + read 30 01, requests and replies, hardware.md 1.3/1.4). The simulator paces its
// replies to the baud rate and the card read time is set to 0, so what is left is the driver's overhead.
import { IdCardReader } from '../native/idcard/reader';
import { createPtyPair } from '../native/pty/socat-pair';
import { startIdCardSimulator } from '../native/sim/idcard-sim';
import { percentile, report } from './report';

const BAUD = 115200;
const ROUNDS = 30;
// Request 10 B each; replies: find 15 B, select 19 B, read 1295 B.
const CYCLE_BYTES = 10 + 15 + 10 + 19 + 10 + 1295;
const wireMs = (CYCLE_BYTES * 10 * 1000) / BAUD;

const pair = await createPtyPair();
const sim = await startIdCardSimulator({
  path: pair.devicePath,
  baudRate: BAUD,
  readTimeMs: 0,
  commandTimeMs: 0,
});
const reader = new IdCardReader({ path: pair.kioskPath, baudRate: BAUD, pollIntervalMs: 300 });
await reader.open();

const cycle: number[] = [];
const placement: number[] = [];
const driverMs: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  let findAt: number | undefined;
  // The driver's own time: from the last byte of each reply to the next request, and from the last
  // byte of the read reply to the `card` event (same clock: simulator and driver share the process).
  let lastReplyAt: number | undefined;
  let own = 0;
  const onRequest = (r: { cmd: number; para: number; at: number }) => {
    if (r.cmd === 0x20 && r.para === 0x01 && findAt === undefined) findAt = r.at;
    else if (findAt !== undefined && lastReplyAt !== undefined) own += r.at - lastReplyAt;
  };
  const onReplied = (r: { at: number }) => {
    if (findAt !== undefined) lastReplyAt = r.at;
  };
  const placedAt = performance.now();
  const card = new Promise<number>((resolve) => reader.once('card', () => resolve(performance.now())));
  // The find that sees the card is the first one sent after the card is placed.
  sim.placeCard(i % sim.cards.length);
  sim.events.on('request', onRequest);
  sim.events.on('replied', onReplied);
  const at = await card;
  sim.events.off('request', onRequest);
  sim.events.off('replied', onReplied);
  cycle.push(at - (findAt ?? placedAt));
  placement.push(at - placedAt);
  driverMs.push(own + (at - (lastReplyAt ?? at)));
  const removed = new Promise<void>((resolve) => reader.once('removed', () => resolve()));
  sim.removeCard();
  await removed;
}
driverMs.sort((a, b) => a - b);
cycle.sort((a, b) => a - b);
placement.sort((a, b) => a - b);
const p50 = percentile(cycle, 50);
report({ name: 'idcard read cycle (find→record) p50 at 115200', value: p50, unit: 'ms' });
report({ name: 'idcard read cycle p99 at 115200', value: percentile(cycle, 99), unit: 'ms' });
report({
  name: 'pure wire time of the read cycle frames at 115200 8N1 (computed)',
  value: wireMs,
  unit: 'ms',
});
report({ name: 'idcard cycle / wire time (p50)', value: p50 / wireMs, unit: 'ratio', target: '< 1.10' });
report({ name: 'idcard driver own time per read cycle p50', value: percentile(driverMs, 50), unit: 'ms' });
report({
  name: 'idcard driver own time / wire time (p50)',
  value: (percentile(driverMs, 50) / wireMs) * 100,
  unit: '%',
  target: '< 10 %',
});
console.log(
  "cycle − wire − driver time = the simulator's timer slack (its replies are paced by setTimeout).",
);
report({
  name: 'card placed → record p50 (incl. 300 ms poll interval)',
  value: percentile(placement, 50),
  unit: 'ms',
});
await reader.close();
await sim.close();
await pair.close();
