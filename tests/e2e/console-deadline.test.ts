import { describe, expect, it } from 'vitest';
import type { AdminItem } from '../../contract/api/admin-catalog';
import { serviceDayOf } from '../../central/domain/time';
import { addWorkingDays } from '../../central/domain/working-days';
import { loadCalendar } from '../../central/services/calendar';
import { idNumber } from '../integration/central/harness';
import { centralInBrowser } from '../helpers/central-browser';

// 办理时限 in the console (issue 12): the agent's current ticket says by which day the matter is due,
// counted in working days of the district calendar from the day the ticket was issued; when an
// administrator changes the item's promised time limit, the console shows the new day without a reload.

describe('the deadline of the current ticket in the console', () => {
  const env = centralInBrowser();

  it("shows the item's promised working-day deadline and follows an admin's change of the limit", async () => {
    const { c, browser } = env;
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const r = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: idNumber('19800101', 7),
    });
    expect(r.status).toBe(201);
    const cal = await loadCalendar(c.central.ctx.db);
    const issuedDay = serviceDayOf(Date.parse((r.body as { issuedAt: string }).issuedAt));

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${c.url}/console/`);
    await page.fill('input[name=username]', 'agent1');
    await page.fill('input[name=password]', 'doorstep-demo');
    await page.keyboard.press('Enter');
    await page.getByTestId('agent-status').waitFor();
    await page
      .getByTestId('queue')
      .locator(`tr[data-ticket="${(r.body as { number: string }).number}"]`)
      .waitFor();
    await page.keyboard.press('n');
    const deadline = page.getByTestId('current-deadline');
    // 居住证办理 promises 7 working days.
    await deadline.filter({ hasText: addWorkingDays(issuedDay, 7, cal) }).waitFor({ timeout: 10_000 });
    expect(await deadline.innerText()).toContain('办理时限至');

    const admin = await c.staff('admin');
    const item = (await admin.get('/api/v1/admin/items/i-jzz')).body as AdminItem & { initials?: string };
    const { id: _id, initials: _i, version, ...fields } = item;
    const put = await admin.put('/api/v1/admin/items/i-jzz', { ...fields, promisedLimitDays: 12, version });
    expect(put.status).toBe(200);
    await deadline.filter({ hasText: addWorkingDays(issuedDay, 12, cal) }).waitFor({ timeout: 10_000 });
    await page.close();
  });
});
