// Video help on poor networks (issue 19): calls forced through coturn (relay-only ICE) behind the UDP
// impairment relay (tests/e2e/impair-relay.ts), for each link condition of the table:
//  - setup: the agent presses "call next" → first remote frame decoded on both sides (the resident
//    answers at once), target < 1.5 s (the target holds at 200 ms RTT / 10 % loss);
//  - the resident's video at the agent over the held call: frozen share, decoded fps, picture height;
//  - the resident's audio at the agent: concealed share;
//  - bytes on the wire through the relay (both senders, upstream), kbps;
//  - the quality state the console showed at the end of the call.
// The relay impairs the upstream leg of both parties (each media direction crosses one impaired leg;
// RTT grows by twice the delay); signaling (HTTP / WebSocket to central) is not impaired.
// Defaults follow the issue: 3 calls of 30 s per condition (about 12 minutes). Shorter:
// BENCH_VIDEO_CALLS=1 BENCH_VIDEO_HOLD_S=15 npm run bench -- video-impaired
// Run `npm run build` first (the kiosk page and the console come from dist/renderer).
import os from 'node:os';
import type { Page } from 'playwright-core';
import type { Impairment } from '../tests/e2e/impair-relay';
import { startImpairedVideoStack } from '../tests/e2e/video-impaired';
import { signInConsole, type VideoStack } from '../tests/e2e/video-stack';
import { percentile, report } from './report';

const CALLS = Number(process.env.BENCH_VIDEO_CALLS ?? 3);
const HOLD_S = Number(process.env.BENCH_VIDEO_HOLD_S ?? 30);
/** The quality figures are over an 8 s window: reading every 8 s covers the call once. */
const READ_EVERY_S = 8;

interface Condition {
  name: string;
  /** Per impaired leg: RTT grows by 2 × delayMs. */
  up: Impairment;
}
const CONDITIONS: Condition[] = [
  { name: 'clean', up: { dropPct: 0, delayMs: 0, jitterMs: 0 } },
  { name: '2 % loss, 100 ms RTT', up: { dropPct: 2, delayMs: 50, jitterMs: 0 } },
  { name: '5 % loss, 100 ms RTT', up: { dropPct: 5, delayMs: 50, jitterMs: 0 } },
  { name: '10 % loss, 200 ms RTT', up: { dropPct: 10, delayMs: 100, jitterMs: 0 } },
  { name: '20 % loss, 100 ms RTT, 20 ms jitter', up: { dropPct: 20, delayMs: 40, jitterMs: 20 } },
];

async function armFirstFrame(page: Page, testId: string): Promise<void> {
  await page.evaluate(`
    window.__firstFrame = new Promise((resolve) => {
      const look = () => {
        const v = document.querySelector('[data-testid="${testId}"]');
        if (v) v.requestVideoFrameCallback(() => resolve(Date.now()));
        else requestAnimationFrame(look);
      };
      look();
    });
    undefined;
  `);
}
const firstFrame = (page: Page) => page.evaluate('window.__firstFrame') as Promise<number>;

function idNumber(n: number): string {
  const first17 = `31011519800101${String(n % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  const check = (12 - (sum % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}
let residents = 0;

interface CallResult {
  setupMs: number;
  freezePct: number;
  concealedPct: number;
  fps: number;
  height: number;
  kbps: number;
  state: string;
}

const attr = async (page: Page, name: string) =>
  Number((await page.getByTestId('call-quality').getAttribute(name)) || 0);

async function oneCall(s: VideoStack, relayCounts: () => number): Promise<CallResult> {
  await s.kiosk.host.call('session.end', {});
  await s.kiosk.host.call('identity.manual', { idNumber: idNumber(++residents) });
  await s.kiosk.host.call('tickets.issue', { itemId: 'i-flzx', channel: 'video' });
  if (s.kioskPage.url() === 'about:blank') await s.kioskPage.goto(s.kiosk.kioskUrl);
  else await s.kioskPage.reload();
  await s.kioskPage.getByTestId('tile-video').waitFor({ timeout: 20_000 });
  await armFirstFrame(s.kioskPage, 'kiosk-remote-video');
  await armFirstFrame(s.consolePage, 'remote-video');
  const ringing = s.kioskPage.getByTestId('video-accept').waitFor({ timeout: 15_000 });
  const t0 = (await s.consolePage.evaluate(
    `(() => { const t = Date.now(); document.querySelector('[data-testid="call-next"]').click(); return t; })()`,
  )) as number;
  await ringing;
  await s.kioskPage.getByTestId('video-accept').click();
  const [a, k] = await Promise.all([firstFrame(s.consolePage), firstFrame(s.kioskPage)]);
  const setupMs = Math.max(a, k) - t0;

  // Hold: the window figures every READ_EVERY_S, averaged; the bytes the relay passed upstream.
  await s.consolePage.getByTestId('call-quality').waitFor({ timeout: 20_000 });
  const bytes0 = relayCounts();
  const h0 = Date.now();
  const reads: Array<Omit<CallResult, 'setupMs' | 'kbps' | 'state'>> = [];
  while (Date.now() - h0 < HOLD_S * 1000) {
    await s.consolePage.waitForTimeout(Math.min(READ_EVERY_S * 1000, HOLD_S * 1000 - (Date.now() - h0)));
    reads.push({
      freezePct: await attr(s.consolePage, 'data-freeze'),
      concealedPct: await attr(s.consolePage, 'data-concealed'),
      fps: await attr(s.consolePage, 'data-fps'),
      height: await attr(s.consolePage, 'data-height'),
    });
  }
  const kbps = ((relayCounts() - bytes0) * 8) / (Date.now() - h0);
  const state = (await s.consolePage.getByTestId('call-quality').getAttribute('data-state')) ?? '';
  const mean = (k: keyof (typeof reads)[number]) => reads.reduce((x, r) => x + r[k], 0) / reads.length;

  await s.consolePage.getByTestId('finish').click();
  await s.kioskPage.getByTestId('video-rating').waitFor({ timeout: 15_000 });
  await s.consolePage.getByTestId('current-ticket').waitFor({ state: 'detached' });
  return {
    setupMs,
    freezePct: mean('freezePct'),
    concealedPct: mean('concealedPct'),
    fps: mean('fps'),
    height: Math.min(...reads.map((r) => r.height)),
    kbps,
    state,
  };
}

const st = await startImpairedVideoStack();
const rows: string[] = [];
try {
  await signInConsole(st.s);
  // One call not counted: the first loads the pages and warms the browsers' media pipelines.
  await oneCall(st.s, () => st.relay.counts().up.bytes);
  for (const c of CONDITIONS) {
    st.relay.set('up', c.up);
    const results: CallResult[] = [];
    for (let i = 0; i < CALLS; i++) {
      results.push(await oneCall(st.s, () => st.relay.counts().up.bytes));
      console.log(`${c.name}, call ${i + 1}: ${JSON.stringify(results.at(-1))}`);
    }
    const med = (k: 'setupMs' | 'freezePct' | 'concealedPct' | 'fps' | 'kbps') =>
      percentile(
        results.map((r) => r[k]).sort((x, y) => x - y),
        50,
      );
    report({
      name: `video setup on ${c.name}, press → first frame both sides, median of ${CALLS}`,
      value: med('setupMs'),
      unit: 'ms',
      target: '< 1500',
    });
    report({ name: `resident video frozen at the agent, ${c.name}`, value: med('freezePct'), unit: '%' });
    report({
      name: `resident audio concealed at the agent, ${c.name}`,
      value: med('concealedPct'),
      unit: '%',
    });
    report({
      name: `bytes on the wire upstream (both senders), ${c.name}`,
      value: med('kbps'),
      unit: 'kbps',
    });
    rows.push(
      `| ${c.name} | ${Math.round(med('setupMs'))} ms | ${med('fps').toFixed(1)} fps, ` +
        `min ${Math.min(...results.map((r) => r.height))} px high, frozen ${med('freezePct').toFixed(1)} % | ` +
        `${med('concealedPct').toFixed(1)} % | ${Math.round(med('kbps'))} kbps | ${results.map((r) => r.state).join(', ')} |`,
    );
  }
} finally {
  await st.close();
}
console.log(
  `\n${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${CALLS} call(s) of ${HOLD_S} s per condition`,
);
console.log(
  '| kiosk link | setup (press → first frame) | resident video at the agent | audio concealed | wire (up, both) | state shown |',
);
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
// Pooled sockets of the central service and the host may linger; the figures are out.
process.exit(0);
