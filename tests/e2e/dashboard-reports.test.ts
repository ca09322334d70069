import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  type Json,
  type TestCentral,
  idNumber,
  startTestCentral,
} from '../integration/central/harness';
import { launchChromium } from '../helpers/chromium';

// The reports section of the dashboard, built (npm run build) and served by a real central service, in
// Chromium: a supervisor opens this month, filters one item, sees the chart, downloads the XLSX; the
// file read back holds the same figures as the API. The live dashboard never fetches the reports code.

const SHOTS = 'test-results/screenshots';

describe('reports on the dashboard in Chromium', () => {
  let c: TestCentral;
  let browser: Browser;
  let supervisor: Client;
  const downloads = mkdtempSync(join(tmpdir(), 'doorstep-reports-'));

  beforeAll(async () => {
    c = await startTestCentral('sqlite', { clock: () => new Date(), rendererDir: resolve('dist/renderer') });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
    // Today's history: three visits for 居住证 (two served), one for 社保卡.
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const agent = await c.staff('agent1');
    supervisor = await c.staff('supervisor');
    await agent.post('/api/v1/agents/me/resume', { centreId: 'c-zhangjiang' });
    const issue = async (itemId: string, n: number) =>
      (await kiosk.post('/api/v1/tickets', { itemId, channel: 'window', idNumber: idNumber('19750101', n) }))
        .body.id as string;
    const served = [await issue('i-jzz', 1), await issue('i-jzz', 2)];
    await issue('i-jzz', 3);
    await issue('i-sbk', 4);
    for (const id of served) {
      for (const a of ['call', 'start'])
        expect((await agent.post(`/api/v1/tickets/${id}/${a}`, {})).status).toBe(200);
      expect((await agent.post(`/api/v1/tickets/${id}/finish`, { outcome: 'done' })).status).toBe(200);
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await c?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  it('opens this month, filters one item, shows the chart, and downloads the XLSX the API answers', async () => {
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1366, height: 900 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.goto(`${c.url}/dashboard/`);
    await page.locator('input[name="username"]').fill('supervisor');
    await page.locator('input[name="password"]').fill('doorstep-demo');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.toolbar .view-switch');
    // The live dashboard has not loaded the reports chunk or ECharts.
    expect(scripts.filter((u) => /ReportsPage|echarts/.test(u))).toEqual([]);

    await page.locator('.toolbar .view-switch').press('Enter'); // keyboard: the switch is a button
    await page.waitForSelector('#reports-title');
    await page.locator('input[name="range"][value="month"]').check();
    await page.locator('select[name="report"]').selectOption('tickets');
    await page.locator('select[name="by"]').selectOption('item');
    await page.locator('select[name="itemId"]').selectOption('i-jzz');
    const row = page.locator('table.report-table tbody tr');
    await expect.poll(async () => row.count()).toBe(1);
    await expect.poll(async () => row.locator('td[data-key="itemId"]').textContent()).toBe('i-jzz');
    expect(await row.locator('td[data-key="issued"]').textContent()).toBe('3');
    expect(await row.locator('td[data-key="served"]').textContent()).toBe('2');
    await page.waitForSelector('.report-chart[data-ready="true"] svg');
    expect(scripts.some((u) => /echarts/.test(u))).toBe(true);
    await page.screenshot({ path: `${SHOTS}/dashboard-reports.png`, fullPage: true });

    const link = page.locator('a[href*="format=xlsx"]');
    const href = (await link.getAttribute('href'))!;
    expect(href).toContain('itemId=i-jzz');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      link.focus().then(() => page.keyboard.press('Enter')),
    ]);
    const file = join(downloads, download.suggestedFilename());
    expect(file).toMatch(/report-tickets-c-zhangjiang-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;

    const api = (await supervisor.get(href.replace('&format=xlsx', ''))).body as Json;
    const keys = api.columns.map((col: Json) => col.key);
    const line = (n: number) => keys.map((_: string, i: number) => ws.getRow(n).getCell(i + 1).value ?? null);
    expect(line(1)).toEqual(api.columns.map((col: Json) => col.label.zh));
    expect(line(2)).toEqual(keys);
    expect(ws.rowCount).toBe(2 + api.rows.length);
    expect(line(3)).toEqual(keys.map((k: string) => api.rows[0][k]));
    expect(api.rows[0]).toMatchObject({ itemId: 'i-jzz', issued: 3, served: 2 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
