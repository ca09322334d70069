import { describe, expect, it } from 'vitest';
import { idNumber } from '../integration/central/harness';
import { centralInBrowser, signInConsole } from '../helpers/central-browser';

// An agent on a 1366×768 laptop (the common counter PC) sees every column of the waiting list,
// the print state last, without scrolling sideways: a ticket whose paper did not print is the one the
// agent must hand a slip to, and that column used to sit under the edge of the queue box.

describe('the console waiting list at 1366×768', () => {
  const env = centralInBrowser();

  it('shows every column, print state included, inside the queue box in both languages', async () => {
    const { c, browser } = env;
    for (const [station, channel, n] of [
      ['s-zhangjiang-1', 'window', 1],
      ['s-zhangjiang-1', 'video', 2],
      ['s-zhangjiang-1', 'window', 3],
    ] as const) {
      const kiosk = await c.kiosk(station);
      const r = await kiosk.post('/api/v1/tickets', {
        itemId: 'i-jzz',
        channel,
        idNumber: idNumber('19800101', n),
      });
      expect(r.status).toBe(201);
    }
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    try {
      await signInConsole(page, c.url, 'agent1');
      const rows = page.getByTestId('queue').locator('tbody tr');
      await rows.nth(1).waitFor();
      for (const lang of ['zh', 'en'] as const) {
        if (lang === 'en') await page.locator('button.lang-switch').click();
        const fit = await page.evaluate(() => {
          const box = document.querySelector('.queue-box')!.getBoundingClientRect();
          const cells = Array.from(
            document.querySelectorAll('[data-testid="queue"] th, [data-testid="queue"] td'),
          );
          const out = cells
            .map((el) => ({ text: el.textContent ?? '', right: el.getBoundingClientRect().right }))
            .filter((c) => c.right > box.right + 0.5);
          return { boxRight: box.right, outside: out.map((c) => c.text) };
        });
        await page.screenshot({ path: `test-results/screenshots/console-queue-1366-${lang}.png` });
        expect(fit.outside, `${lang}: cells past the queue box (right edge ${fit.boxRight})`).toEqual([]);
      }
    } finally {
      await page.close();
    }
  });
});
