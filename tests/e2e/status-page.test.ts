import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { startTestCentral, idNumber, type TestCentral } from '../integration/central/harness';
import { SHOTS } from './kiosk-audit';

// The phone page behind a ticket's QR code, as a resident's phone shows it (390×844): bilingual
// lines that never mix languages, service and station, place and estimate, and — once called — the
// window to go to, arriving without a reload. The QR carries the centre's public base URL.

const PUBLIC = 'http://doorstep.example:8080';

describe('phone status page (central, Chromium at 390×844)', () => {
  let c: TestCentral;
  let browser: Browser;
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { publicUrl: PUBLIC });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  it('shows the place in both languages, then the window once called, without a reload', async () => {
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const taken = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: idNumber('19880808', 3),
    });
    expect(taken.status).toBe(201);
    // The QR points at the centre's public address, which a phone can reach, never 127.0.0.1.
    expect(taken.body.statusUrl).toBe(`${PUBLIC}/t/${taken.body.id}`);

    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${c.url}/t/${taken.body.id}`);
    const text = await page.locator('body').innerText();
    for (const s of [taken.body.number, '居住证', '前面还有 0 人', '0 ahead of you', '预计等候'])
      expect(text).toContain(s);
    // One language per line: no "Estimated wait: 暂无法估计".
    expect(text).not.toMatch(/Estimated wait[^\n]*[\u4e00-\u9fff]/);
    expect(text).not.toMatch(/预计等候[^\n]*[A-Za-z]{3,}/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/status-page-waiting.png` });

    const agent = await c.staff('agent1');
    const set = await agent.put('/api/v1/agents/me/session', {
      activeSkillGroups: ['residence'],
      counter: '3',
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const called = await agent.post('/api/v1/agents/me/call-next', {});
    expect(called.body.ticket).toMatchObject({ id: taken.body.id, counter: '3' });

    const call = page.getByTestId('called');
    await call.waitFor({ timeout: 15_000 }); // live.js swaps it in; the page is not reloaded
    expect(await call.innerText()).toContain('请到 3 号窗口');
    expect(await call.innerText()).toContain('Please go to window 3');
    await page.screenshot({ path: `${SHOTS}/status-page-called.png` });
    await page.close();
  });
});
