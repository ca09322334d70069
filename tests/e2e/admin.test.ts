import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type TestCentral, startTestCentral } from '../integration/central/harness';
import { launchChromium } from '../helpers/chromium';

// The admin front end (/admin/), built and served by a real central, in Chromium at 1366×768: an
// admin creates a centre, a station, an item with materials and a time limit, and a holiday; prints
// an enrollment sheet; a kiosk enrolls with that code and is offered the new item; the admin
// deactivates the item and the kiosk no longer gets it.

describe('administration in Chromium', () => {
  let c: TestCentral;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { clock: () => new Date(), rendererDir: resolve('dist/renderer') });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  });
  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  const nav = (name: string) => page.click(`nav button:has-text("${name}")`);
  const save = async (form: string) => {
    await page.click(`form[aria-label="${form}"] button[type=submit]`);
    await page.waitForSelector(`form[aria-label="${form}"]`, { state: 'detached' });
  };

  it('sets up a centre, station, item and holiday, and a kiosk enrolled from the sheet gets the item until it is deactivated', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${c.url}/admin/`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', 'doorstep-demo');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h2:has-text("服务中心")');

    await page.click('button:has-text("新建")');
    await page.fill('input[name=id]', 'c-e2e');
    await page.fill('input[name=nameZh]', '测试中心');
    await page.fill('input[name=nameEn]', 'Test Centre');
    await page.fill('input[name=addressZh]', '测试路 1 号');
    await page.fill('input[name=addressEn]', '1 Test Rd');
    await page.fill('input[name=hours-mon]', '09:00-12:00, 13:30-17:00');
    await save('服务中心');
    await page.waitForSelector('td:has-text("c-e2e")');

    await nav('服务站点');
    await page.click('button:has-text("新建")');
    await page.fill('input[name=id]', 's-e2e-1');
    await page.selectOption('select[name=centreId]', 'c-e2e');
    await page.fill('input[name=nameZh]', '测试服务站');
    await page.fill('input[name=nameEn]', 'Test Station');
    await page.fill('input[name=addressZh]', '测试小区');
    await page.fill('input[name=addressEn]', 'Test Estate');
    await save('服务站点');

    await nav('服务事项');
    await page.click('button:has-text("新建")');
    await page.fill('input[name=code]', 'E2E');
    await page.fill('input[name=nameZh]', '测试事项');
    await page.fill('input[name=nameEn]', 'Test item');
    await page.selectOption('select[name=skillGroup]', 'civil-affairs');
    await page.fill('input[name=prefix]', 'D');
    await page.fill('input[name=legal]', '20');
    await page.fill('input[name=promised]', '10');
    await page.fill('textarea[name=materials]', '身份证 | ID card | 必需\n照片 | Photo | 可选');
    await save('服务事项');
    await page.waitForSelector('td:has-text("cssx")'); // pinyin initials computed by central

    await nav('工作日历');
    await page.fill('input[name=day]', '2026-12-25');
    await page.fill('input[name=nameZh]', '测试假日');
    await page.fill('input[name=nameEn]', 'Test holiday');
    await page.click('form[aria-label="工作日历"] button[type=submit]');
    await page.fill('input[name=year]', '2026');
    await page.waitForSelector('td:has-text("测试假日")');

    await nav('服务站点');
    await page.fill('input[name=filter]', 's-e2e');
    await page.click('tr:has-text("s-e2e-1") button:has-text("打印注册单")');
    const code = (await page.textContent('[data-testid=sheet-code]'))!.trim();
    expect(await page.locator('[data-testid=enrollment-sheet] svg').count()).toBe(1);

    const enrolled = await c.anon.post('/api/v1/stations/enroll', { code });
    expect(enrolled.body).toMatchObject({ stationId: 's-e2e-1', centreId: 'c-e2e' });
    const kiosk = new Client(c.url, { authorization: `Bearer ${enrolled.body.token}` });
    const offered = async () =>
      ((await kiosk.get('/api/v1/catalog')).body.items as Array<{ id: string }>).map((i) => i.id);
    expect(await offered()).toContain('i-e2e');

    await page.click('button:has-text("取消")');
    await nav('服务事项');
    await page.click('tr:has-text("E2E") button:has-text("编辑")');
    await page.uncheck('input[name=active]');
    await save('服务事项');
    expect(await offered()).not.toContain('i-e2e');

    // Staff: an account made from the form row is listed; deactivated, then given a one-time password.
    await nav('工作人员');
    await page.fill('input[name=username]', 'e2e-agent');
    await page.fill('input[name=displayName]', '测试坐席');
    await page.fill('input[name=password]', 'e2e-password-2026');
    await page.click('form[aria-label="工作人员"] button[type=submit]');
    const row = page.locator('tr:has-text("e2e-agent")');
    await row.waitFor();
    expect(await row.textContent()).toContain('测试坐席');
    await row.locator('button:has-text("停用")').click();
    await page.waitForSelector('tr:has-text("e2e-agent") td:has-text("已停用")');
    await row.locator('button:has-text("重置密码")').click();
    await page.waitForSelector('[role=status]:has-text("临时密码")');
    expect(errors).toEqual([]);
  });
});
