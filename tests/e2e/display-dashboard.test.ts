import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { HeartbeatRequest } from '../../contract/fleet';
import type { KioskDeviceStatus } from '../../contract/kiosk';
import { type TestCentral, idNumber, startTestCentral } from '../integration/central/harness';
import { launchChromium } from '../helpers/chromium';
import { activeCase } from '../integration/video/video-harness';

// The hall display and the supervisor dashboard, built (npm run build) and served by a real central
// service, in Debian's Chromium: a call made through the API shows on the board; a kiosk that
// reports paper out shows as faulted, with the reason in words, after a keyboard-only sign-in.

const SHOTS = 'test-results/screenshots';
const AXE = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');

function heartbeat(devices: KioskDeviceStatus): HeartbeatRequest {
  return {
    appVersion: '1.4.2',
    uptimeSec: 120,
    sentAt: new Date().toISOString(),
    devices,
    link: { outboxDepth: 0, clockSkewMs: 0 },
    diskFreeBytes: 20 * 1024 ** 3,
  };
}
const OK: KioskDeviceStatus = {
  reader: { state: 'ok', port: '/dev/ttyUSB0' },
  printer: { state: 'ok', port: '/dev/ttyUSB1' },
  canPrint: true,
};

/** Serious and critical accessibility findings on the page as it is. */
async function axeFindings(page: Page): Promise<string[]> {
  // Evaluated by the test tool, not added as an inline script: the page's CSP (script-src 'self')
  // rightly refuses inline scripts.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(): Promise<{
            violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
          }>;
        };
      }
    ).axe;
    const r = await axe.run();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describe('hall display and supervisor dashboard in Chromium', () => {
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

  it('shows a ticket called through the API on the display within seconds, and no personal data', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${c.url}/display/?centre=c-zhangjiang`);
    await page.waitForSelector('h1:has-text("叫号大屏")');
    await page.waitForSelector('text=暂无叫号');

    const kiosk = await c.kiosk('s-zhangjiang-1');
    const resident = idNumber('19480101', 5);
    const issued = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: resident,
      name: '李四',
    });
    expect(issued.status).toBe(201);
    const agent = await c.staff('agent1');
    await agent.post('/api/v1/agents/me/resume', { centreId: 'c-zhangjiang' });
    const called = await agent.post('/api/v1/agents/me/call-next', { centreId: 'c-zhangjiang' });
    const number = called.body.ticket.number as string;

    const latest = page.getByTestId('latest-call');
    await latest.locator('.call-number', { hasText: number }).waitFor({ timeout: 5000 });
    expect(await latest.innerText()).toContain('窗口');
    expect(await latest.getAttribute('class')).toContain('flash'); // a new call flashes
    await page.screenshot({ path: `${SHOTS}/display-called.png` });
    const text = await page.locator('body').innerText();
    expect(text).not.toContain('李四');
    expect(text).not.toContain(resident);

    // Served and finished: no longer told to go anywhere; kept among the past calls.
    const id = called.body.ticket.id as string;
    expect((await agent.post(`/api/v1/tickets/${id}/start`, {})).status).toBe(200);
    await page.getByTestId('no-current-call').waitFor({ timeout: 5000 });
    expect(await latest.count()).toBe(0);
    const past = page.locator('.call-list li', { hasText: number });
    expect(await past.getAttribute('data-calling')).toBe('false');
    expect(await page.locator('body').innerText()).not.toContain(`请 ${number} 号`);
    expect((await agent.post(`/api/v1/tickets/${id}/finish`, { outcome: 'done' })).status).toBe(200);
    await page.goto(`${c.url}/display/?centre=c-nowhere`);
    await page.waitForSelector('text=没有找到该服务中心：c-nowhere');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a kiosk that reported paper out as faulted, in words, after a keyboard sign-in; live', async () => {
    const kiosk = await c.kiosk('s-zhangjiang-2');
    const paperOut: KioskDeviceStatus = {
      ...OK,
      printer: { state: 'paper_out', port: '/dev/ttyUSB1' },
      canPrint: false,
    };
    expect((await kiosk.post('/api/v1/stations/me/heartbeat', heartbeat(paperOut))).status).toBe(200);
    const ticket = (n: number) =>
      kiosk.post('/api/v1/tickets', {
        itemId: 'i-flzx',
        channel: 'video',
        idNumber: idNumber('19800101', n),
      });
    expect((await ticket(11)).status).toBe(201);

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${c.url}/dashboard/`);
    await page.waitForSelector('h1:has-text("运营看板")');
    await page.locator('input[name="username"]').waitFor();
    await page.keyboard.press('Tab'); // language switch first, then the form
    await page.locator('input[name="username"]').focus();
    await page.keyboard.type('supervisor');
    await page.keyboard.press('Tab');
    await page.keyboard.type('doorstep-demo');
    await page.keyboard.press('Enter');

    const card = page.locator(`[data-kiosk="${kiosk.kioskId}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect(await card.getAttribute('data-status')).toBe('faulted');
    const words = await card.innerText();
    expect(words).toContain('故障');
    expect(words).toContain('打印机缺纸');
    expect(words).toContain('Printer out of paper');
    await page.locator('text=实时更新中').waitFor();
    await page.screenshot({ path: `${SHOTS}/dashboard-faulted.png` });
    const legal = page.locator('.queues-table tr', { hasText: '法律咨询' });
    expect(await legal.locator('td.num').first().innerText()).toBe('1');

    // Live: a second resident takes a number; the queue count follows the queue.changed event.
    expect((await ticket(12)).status).toBe(201);
    await legal.locator('td.num', { hasText: '2' }).first().waitFor({ timeout: 5000 });

    // Live: the paper is replaced; the dashboard follows the kiosk.status event without a reload.
    await kiosk.post('/api/v1/stations/me/heartbeat', heartbeat(OK));
    await page.locator(`[data-kiosk="${kiosk.kioskId}"][data-status="online"]`).waitFor({ timeout: 5000 });
    expect(await card.innerText()).toContain('设备正常');
    await page.screenshot({ path: `${SHOTS}/dashboard-fleet.png`, fullPage: true });
    expect(await axeFindings(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('follow-ups on the dashboard in Chromium', () => {
  let c: TestCentral;
  let browser: Browser;
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { clock: () => new Date(), rendererDir: resolve('dist/renderer') });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  it('lists the follow-up a poor rating opened, and a supervisor closes it with what was done', async () => {
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const agent = await c.staff('agent1');
    const { case: vc } = await activeCase(c, kiosk, agent);
    expect((await agent.post(`/api/v1/video/cases/${vc.id}/finish`, { outcome: 'done' })).status).toBe(200);
    const rated = await kiosk.post(`/api/v1/video/cases/${vc.id}/rating`, { level: 1, reason: '等了很久' });
    expect(rated.status).toBe(201);

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${c.url}/dashboard/`);
    await page.locator('input[name="username"]').fill('supervisor');
    await page.locator('input[name="password"]').fill('doorstep-demo');
    await page.keyboard.press('Enter');
    const item = page.locator(`[data-follow-up="${rated.body.followUpId}"]`);
    await item.waitFor({ timeout: 10_000 });
    const words = await item.innerText();
    expect(words).toContain('非常不满意');
    expect(words).toContain('等了很久');
    expect(words).toContain(vc.caseNumber);
    // Which service, station, agent and when, in Shanghai time; and the case itself one click away.
    const served = await item.getByTestId('follow-served').innerText();
    expect(served).toContain('李帮办');
    expect(served).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    expect(served).not.toContain('—');
    await item.getByTestId('open-case').click();
    const details = page.getByTestId('case-details');
    await details.locator(`text=${vc.caseNumber}`).waitFor({ timeout: 5000 });
    expect(await details.getByTestId('case-timeline').locator('li').count()).toBeGreaterThan(0);
    await details.getByRole('button', { name: /关闭/ }).click();

    await item.getByRole('button', { name: /办结整改/ }).click();
    await item.locator('textarea').fill('已电话回访，调整午间排班');
    await item.getByRole('button', { name: /确认办结/ }).click();
    await page.locator('text=暂无待办结的整改').waitFor({ timeout: 5000 });
    await page.screenshot({ path: `${SHOTS}/dashboard-follow-ups.png` });

    const supervisor = await c.staff('supervisor');
    const closed = await supervisor.get('/api/v1/video/follow-ups?status=closed');
    expect(closed.body.followUps[0]).toMatchObject({
      status: 'closed',
      resolution: '已电话回访，调整午间排班',
    });
    await page.close();
  });
});
