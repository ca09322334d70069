import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { idNumber, startTestCentral, type TestCentral } from '../integration/central/harness';

// The hall display calls aloud: each call spoken after the chime, Mandarin then English, captured
// here by a stub of speechSynthesis. It runs as on the wall: Chromium with the autoplay policy of
// the display's launch (docs/display.md), so no button has to be clicked for sound.

const SHOTS = 'test-results/screenshots';

describe('hall display speaks its calls (central, Chromium)', () => {
  let c: TestCentral;
  let browser: Browser;
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { clock: () => new Date(), rendererDir: resolve('dist/renderer') });
    browser = await launchChromium({ args: ['--autoplay-policy=no-user-gesture-required'] });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  it('says "请 … 号到 3 号窗口" then the English after the chime; no sound button, no language toggle', async () => {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await page.addInitScript(() => {
      const said: string[] = [];
      (globalThis as unknown as { __said: string[] }).__said = said;
      Object.defineProperty(globalThis, 'speechSynthesis', {
        value: {
          getVoices: () => [],
          cancel: () => undefined,
          speak: (u: { text: string; onend?: () => void }) => {
            said.push(u.text);
            setTimeout(() => u.onend?.(), 50);
          },
        },
      });
    });
    await page.goto(`${c.url}/display/?centre=c-zhangjiang&speech=zh,en`);
    await page.waitForSelector('text=暂无叫号');
    // On the wall, sound plays without a click, and there is nobody to switch languages.
    expect(await page.locator('.sound-button').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'English' }).count()).toBe(0);

    const kiosk = await c.kiosk('s-zhangjiang-1');
    const issued = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: idNumber('19800101', 4),
    });
    expect(issued.status).toBe(201);
    const agent = await c.staff('agent1');
    await agent.put('/api/v1/agents/me/session', { activeSkillGroups: ['residence'], counter: '3' });
    await agent.post('/api/v1/agents/me/resume', { centreId: 'c-zhangjiang' });
    const called = await agent.post('/api/v1/agents/me/call-next', { centreId: 'c-zhangjiang' });
    const number = called.body.ticket.number as string;

    await page.waitForFunction(
      () => (globalThis as unknown as { __said: string[] }).__said.length >= 2,
      undefined,
      { timeout: 15_000 },
    );
    const said = await page.evaluate(() => (globalThis as unknown as { __said: string[] }).__said);
    expect(said).toEqual([`请 ${number} 号到 3 号窗口`, `Number ${number}, please go to window 3`]);

    // The footer's two languages stay on the 1080 px wide screen.
    const footer = await page.locator('.display-footer').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { right: r.right, bottom: r.bottom, overflow: el.scrollWidth > el.clientWidth };
    });
    expect(footer.overflow).toBe(false);
    expect(footer.right).toBeLessThanOrEqual(1080);
    expect(footer.bottom).toBeLessThanOrEqual(1920);
    await page.screenshot({ path: `${SHOTS}/display-spoken-1080x1920.png` });
    await page.close();
  });
});
