import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../central/domain/time';
import { type Json, type TestCentral, startTestCentral } from '../integration/central/harness';
import { ok, residentFixture } from '../helpers/resident-fixture';
import { launchChromium } from '../helpers/chromium';

// A resident's own record in the admin front end (/admin/), served by a real central, in Chromium:
// an agent cannot use the page; a supervisor looks a resident up and sees everything held but
// cannot erase; a district admin exports the JSON, opens the printable page, erases — first told
// what a coming appointment keeps, then, once it is cancelled, everything — and a new lookup finds
// nothing. The ID number never appears in a URL the browser requests and leaves the input at once.

// A Monday far enough ahead that the session cookie (its expiry follows central's clock) is valid.
const MON = '2030-03-04';

describe("a resident's record in the admin pages (Chromium)", () => {
  let c: TestCentral;
  let browser: Browser;
  const urls: string[] = [];
  beforeAll(async () => {
    c = await startTestCentral('sqlite', {
      rendererDir: resolve('dist/renderer'),
      clock: () => new Date(shanghaiTime(MON, 9)), // the start: slots are made from then on
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  const signIn = async (username: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    context.on('request', (r) => urls.push(r.url()));
    await page.goto(`${c.url}/admin/`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', 'doorstep-demo');
    await page.keyboard.press('Enter');
    return { context, page };
  };
  const lookup = async (page: Page, id: string, reason: string) => {
    await page.fill('input[name=idNumber]', id);
    await page.fill('input[name=reason]', reason);
    await page.click('form[aria-label="居民信息查询"] button[type=submit]');
    await page.waitForSelector('[data-testid=resident-record]');
  };

  it('is looked up, exported, printed and erased by the right roles only', async () => {
    const NAME = '钱丙丁';
    const { kiosk, agent, a, t1, booking, tb } = await residentFixture(c, { name: NAME, nameB: '孙戊己' });
    const errors: string[] = [];

    // An agent has no business here: the page says so, and the API answers 403.
    const asAgent = await signIn('agent1');
    await asAgent.page.waitForSelector('[role=alert]:has-text("无权使用管理页面")');
    expect(await asAgent.page.locator('nav').count()).toBe(0);
    expect(
      (await agent.post('/api/v1/admin/residents/record', { idNumber: a, reason: '试图查询他人' })).status,
    ).toBe(403);
    await asAgent.context.close();

    // A supervisor sees the record page only, everything held about A and nothing of B, no erasure.
    const sup = await signIn('supervisor');
    sup.page.on('pageerror', (e) => errors.push(e.message));
    await sup.page.waitForSelector('h2:has-text("居民信息查询")');
    expect(await sup.page.locator('nav button').allTextContents()).toEqual(['居民信息查询']);
    await lookup(sup.page, a, '居民申请查阅本人信息 request #7');
    expect(await sup.page.inputValue('input[name=idNumber]')).toBe('');
    const summary = await sup.page.textContent('[data-testid=resident-summary]');
    expect(summary).toContain(NAME);
    expect(summary).toContain(`${a.slice(0, 6)}********${a.slice(-4)}`);
    expect(await sup.page.textContent('[data-testid=record-tickets]')).toContain(t1.number);
    expect(await sup.page.textContent('[data-testid=record-appointments]')).toContain(booking.code);
    expect(await sup.page.textContent('[data-testid=record-audit]')).toContain('resident.view_identity');
    expect(await sup.page.textContent('[data-testid=resident-record]')).not.toContain(tb.number);
    expect(await sup.page.locator('button:has-text("删除个人信息")').count()).toBe(0);
    // The hold state is shown to a supervisor, who cannot change it.
    expect(await sup.page.textContent('[data-testid=hold-state]')).toBe('未保全');
    expect(await sup.page.locator('[data-testid=legal-hold] button').count()).toBe(0);
    await sup.page.click('button:has-text("结束并清除")');
    await sup.page.waitForSelector('[data-testid=resident-record]', { state: 'detached' });
    await sup.context.close();

    // A district admin: export, printable page, erasure.
    const adm = await signIn('admin');
    const page = adm.page;
    page.on('pageerror', (e) => errors.push(e.message));
    await page.click('nav button:has-text("居民信息查询")');
    const ask = '居民申请删除本人信息 request #8';
    await lookup(page, a, ask);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("导出 JSON")'),
    ]);
    expect(download.suggestedFilename()).not.toContain(a.slice(-6));
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Json;
    expect(exported.tickets.map((t: Json) => t.id)).toEqual([t1.id]);
    expect(exported.appointments.map((x: Json) => x.id)).toEqual([booking.id]);
    expect(JSON.stringify(exported)).not.toContain(tb.id);

    const [printable] = await Promise.all([
      adm.context.waitForEvent('page'),
      page.click('button:has-text("打开打印页")'),
    ]);
    await printable.waitForURL(/^blob:/);
    await printable.waitForSelector('h1');
    expect(await printable.textContent('h1')).toBe('个人信息记录 Personal data record');
    expect(await printable.textContent('body')).toContain(t1.number);
    const pdf = await printable.pdf();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await printable.close();

    const erase = async () => {
      await page.click('button:has-text("删除个人信息")');
      await page.fill('input[name=confirm]', a.slice(-4));
      await page.click('form[aria-label="删除该居民的个人信息"] button[type=submit]');
      return page.waitForSelector('[data-testid=erasure-result]');
    };
    // A legal hold (set with a reason, in a second step) keeps everything: the erasure erases
    // nothing and says why; lifted with a reason, the hold moves to the history.
    const HOLD = '行政复议 2030-004';
    await page.click('button:has-text("设置保全")');
    await page.fill('input[name=holdReason]', HOLD);
    await page.click('form[aria-label="设置法律保全"] button[type=submit]');
    await page.waitForSelector('[data-testid=hold-state][data-held=yes]');
    expect(await page.textContent('[data-testid=hold-state]')).toContain(HOLD);
    const held = await erase();
    expect(await held.textContent()).toContain('该居民处于法律保全中');
    await page.screenshot({ path: 'test-results/screenshots/admin-resident-held-1366.png', fullPage: true });
    await lookup(page, a, ask);
    await page.click('button:has-text("解除保全")');
    await page.fill('input[name=holdReason]', '复议结束');
    await page.click('form[aria-label="解除法律保全"] button[type=submit]');
    await page.waitForSelector('[data-testid=hold-state][data-held=no]');
    expect(await page.textContent('[data-testid=hold-history]')).toContain('复议结束');

    // The coming appointment keeps the identity, and the answer says so.
    const first = await erase();
    expect(await first.textContent()).toContain(`预约 ${booking.id} 尚未到期`);
    expect(await page.locator('[data-testid=resident-record]').count()).toBe(0);

    await ok(kiosk.post(`/api/v1/appointments/${booking.id}/cancel`, {}));
    await lookup(page, a, ask);
    const second = await erase();
    expect(await second.textContent()).toContain('已删除：取号 1 条，预约 1 条');
    expect(await page.locator('[data-testid=erasure-kept]').count()).toBe(0);

    await lookup(page, a, ask);
    expect(await page.textContent('[data-testid=resident-record]')).toContain('未找到该身份证号码的任何记录');

    // Who did it and why, in the audit; the ID number was in no URL the browsers asked for.
    const admin = await c.staff('admin');
    const audit = (await ok(admin.get('/api/v1/admin/audit?limit=100'))).entries as Json[];
    const erasures = audit.filter((e) => e.action === 'resident.erase');
    expect(erasures).toHaveLength(3);
    expect(erasures[0]).toMatchObject({ actorType: 'staff', actorId: admin.id });
    expect(erasures.every((e) => e.detail.reason === ask)).toBe(true);
    expect(audit.filter((e) => e.action.startsWith('resident.hold')).map((e) => e.detail.reason)).toEqual(
      expect.arrayContaining([HOLD, '复议结束']),
    );
    expect(urls.length).toBeGreaterThan(10);
    expect(urls.filter((u) => u.includes(a) || u.includes(a.slice(-8)))).toEqual([]);
    expect(errors).toEqual([]);
    await adm.context.close();
  }, 120_000);
});
