import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { type TestCentral, idNumber, startTestCentral } from '../integration/central/harness';
import { launchChromium } from '../helpers/chromium';

// The console's agent bar and the hall display, built (npm run build) and served by a real central
// service, in Debian's Chromium: with the keyboard only, the agent types counter 3 and stops serving
// one skill group; both survive a reload; "call next" (N) skips the older ticket of that group, and the
// display tells the resident, in Chinese and English, to go to counter 3.

const SHOTS = 'test-results/screenshots';

describe('agent counter and skill groups in the console, shown on the hall display', () => {
  let c: TestCentral;
  let browser: Browser;

  beforeAll(async () => {
    c = await startTestCentral('sqlite', { clock: () => new Date(), rendererDir: resolve('dist/renderer') });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  it('sends a window ticket called by the agent at counter 3 to counter 3 on the display', async () => {
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const take = async (itemId: string, n: number) => {
      const r = await kiosk.post('/api/v1/tickets', {
        itemId,
        channel: 'window',
        idNumber: idNumber('19850101', n),
        name: '王五',
      });
      expect(r.status).toBe(201);
      return r.body.number as string;
    };
    const older = await take('i-jydj', 1); // social security, waiting longest
    const mine = await take('i-jzz', 2); // residence

    const display = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    display.on('pageerror', (e) => errors.push(e.message));
    await display.goto(`${c.url}/display/?centre=c-zhangjiang`);
    await display.waitForSelector('text=暂无叫号');

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${c.url}/console/`);
    await page.locator('input[name=username]').focus();
    await page.keyboard.type('agent1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('doorstep-demo');
    await page.keyboard.press('Enter');
    await page.getByTestId('agent-status').waitFor();
    const queue = page.getByTestId('queue');
    await queue.locator(`tr[data-ticket="${older}"]`).waitFor();

    // The counter, typed and saved with Enter.
    await page.getByTestId('agent-counter').filter({ hasText: '未设窗口' }).waitFor();
    await page.locator('input[name=counter]').focus();
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await page.getByTestId('agent-counter').filter({ hasText: '3 号窗口' }).waitFor();

    // Skill groups by their names; Space on the focused checkbox stops serving social security.
    const social = page.locator('label[data-group="social-security"]');
    expect(await social.innerText()).toContain('社保与就业');
    expect(await social.innerText()).toContain('Social security & employment');
    await social.locator('input').focus();
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/agents/me/session') && r.request().method() === 'PUT',
    );
    await page.keyboard.press('Space');
    await queue.locator(`tr[data-ticket="${older}"]`).waitFor({ state: 'detached' });
    expect((await saved).status()).toBe(200);

    // A reload keeps both: they are the server's.
    await page.reload();
    await page.getByTestId('agent-counter').filter({ hasText: '3 号窗口' }).waitFor();
    expect(await page.locator('input[name=counter]').inputValue()).toBe('3');
    expect(await social.locator('input').isChecked()).toBe(false);
    expect(await page.locator('label[data-group="residence"] input').isChecked()).toBe(true);
    await queue.locator(`tr[data-ticket="${mine}"]`).waitFor();
    expect(await queue.locator(`tr[data-ticket="${older}"]`).count()).toBe(0);

    // N calls next: the residence ticket, though the social-security one waited longer.
    await page.locator('body').focus();
    await page.keyboard.press('n');
    await page.getByTestId('current-ticket').filter({ hasText: mine }).waitFor();
    await page.screenshot({ path: `${SHOTS}/console-counter.png` });

    const latest = display.getByTestId('latest-call');
    await latest.locator('.call-number', { hasText: mine }).waitFor({ timeout: 5000 });
    const text = await latest.innerText();
    expect(text).toContain('3 号窗口');
    expect(text).toContain('Window 3');
    expect(text).toContain(`请 ${mine} 号到 3 号窗口`);
    expect(text).toContain(`Number ${mine}, please go to window 3`);
    await display.screenshot({ path: `${SHOTS}/display-counter.png` });
    const board = await display.locator('body').innerText();
    expect(board).not.toContain('王五');
    expect(board).not.toContain(older);
    expect(errors).toEqual([]);
    await page.close();
    await display.close();
  });
});
