// The kiosk host on real PTYs with the simulators and the real central service: card placed → identity
// event in the host (what the bridge forwards to the screen), and a window ticket issued centrally and
// printed. Run with `npm run bench -- kiosk-card`.
import type { KioskEvent } from '../contract/kiosk';
import { startKioskStack } from '../tests/helpers/kiosk-stack';
import { percentile, report } from './report';

const ROUNDS = 20;
const stack = await startKioskStack({ headless: true });

function next(type: KioskEvent['type']): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event in 10 s`)), 10_000);
    const off = stack.host.subscribe((e) => {
      if (e.type !== type) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

try {
  const cardMs: number[] = [];
  const ticketMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const card = i % 4; // resident and HMT cards: GB 11643 numbers central takes
    const identity = next('identity');
    const t0 = performance.now();
    stack.idcardSim.placeCard(card);
    await identity;
    cardMs.push(performance.now() - t0);
    if (i < 5) {
      const t1 = performance.now();
      const r = await stack.host.call('tickets.issue', { itemId: 'i-jzz', channel: 'window' });
      if (!r.print.printed) throw new Error(`not printed: ${r.print.reason}`);
      ticketMs.push(performance.now() - t1);
    }
    const removed = next('card.removed');
    stack.idcardSim.removeCard();
    await removed;
  }
  cardMs.sort((a, b) => a - b);
  ticketMs.sort((a, b) => a - b);
  report({ name: 'host: card placed → identity event p50', value: percentile(cardMs, 50), unit: 'ms' });
  report({
    name: 'host: card placed → identity event p95',
    value: percentile(cardMs, 95),
    unit: 'ms',
    target: '< 1500 ms to the name on screen',
  });
  report({ name: 'host: window ticket issued and printed p50', value: percentile(ticketMs, 50), unit: 'ms' });
} finally {
  await stack.close();
}
