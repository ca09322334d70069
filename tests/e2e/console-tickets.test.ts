import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type Client, type TestCentral, idNumber, startTestCentral } from '../integration/central/harness';
import { launchChromium } from '../helpers/chromium';

// The console's agent flow for a window ticket, built (npm run build) and served by a real central
// service, in Debian's Chromium, by keyboard: agent 1 calls a window ticket (N), is refused a second
// call with the error in both languages, starts (S), picks the outcome (4) and finishes (F), calls the
// next one; a reload finds the ticket being served; parks it (P), a reload finds it parked, U resumes
// it; T transfers it with a note to agent 2, who sees the note in their queue and on the ticket they
// call. Letters typed in a field call nobody. Every wait is on a state, never a fixed delay.

const SHOTS = 'test-results/screenshots';

async function signInConsole(page: Page, url: string, username: string) {
  await page.goto(`${url}/console/`);
  await page.locator('input[name=username]').focus();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type('doorstep-demo');
  await page.keyboard.press('Enter');
  await page.getByTestId('agent-status').waitFor();
}

const current = (page: Page, status: string) =>
  page.locator(`[data-testid="current"][data-status="${status}"]`).waitFor();

describe('agent flows for a window ticket in the console', () => {
  let c: TestCentral;
  let browser: Browser;
  let supervisor: Client;

  beforeAll(async () => {
    c = await startTestCentral('sqlite', { clock: () => new Date(), rendererDir: resolve('dist/renderer') });
    browser = await launchChromium();
    supervisor = await c.staff('supervisor');
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await c?.close();
  });

  it('calls, finishes by keyboard, parks across reloads, resumes and transfers with a note', async () => {
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const take = async (n: number) => {
      const r = await kiosk.post('/api/v1/tickets', {
        itemId: 'i-jzz', // residence: both agents serve it
        channel: 'window',
        idNumber: idNumber('19800101', n),
      });
      expect(r.status).toBe(201);
      return r.body as { id: string; number: string };
    };
    const a = await take(1);
    const b = await take(2);
    const ticket = async (id: string) => (await supervisor.get(`/api/v1/tickets/${id}`)).body;

    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.on('pageerror', (e) => errors.push(e.message));
    let callNexts = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/agents/me/call-next')) callNexts++;
    });
    await signInConsole(page, c.url, 'agent1');
    const queue = page.getByTestId('queue');
    await queue.locator(`tr[data-ticket="${b.number}"]`).waitFor();
    await current(page, '');

    // Letters typed into a field are text, not shortcuts: N here calls nobody.
    const reason = page.getByRole('textbox', { name: /暂停原因|Reason for pausing/ });
    await reason.focus();
    await page.keyboard.type('nnf');
    expect(await reason.inputValue()).toBe('nnf');
    await reason.fill('');
    await reason.blur();

    // N calls the first window ticket; it is the current ticket with its actions.
    const called = page.waitForResponse((r) => r.url().endsWith('/api/v1/agents/me/call-next'));
    await page.keyboard.press('n');
    expect((await called).status()).toBe(200);
    expect(callNexts).toBe(1);
    await page.getByTestId('current-ticket').filter({ hasText: a.number }).waitFor();
    await current(page, 'called');
    await page.getByTestId('recall').waitFor();

    // A second N is refused by central: the error in both languages, with what to do.
    await page.keyboard.press('n');
    const alert = page.getByTestId('error');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('INVALID_TRANSITION');
    const text = await alert.innerText();
    expect(text).toContain('当前状态下不能进行此操作。');
    expect(text).toContain('This cannot be done in the current state.');
    expect(text).toContain('请先办结、挂起或转移当前号码');
    expect(text).toContain('Finish, park or transfer the current ticket');
    await page.screenshot({ path: `${SHOTS}/console-error.png` });

    // S starts serving; 4 picks 补材料, F finishes: done with that outcome.
    await page.keyboard.press('s');
    await current(page, 'serving');
    await alert.waitFor({ state: 'detached' });
    const help = page.getByTestId('shortcut-help');
    expect(await help.innerText()).toContain('办结提交');
    await page.keyboard.press('4');
    await page.locator('input[name="ticket-outcome"][value="more_materials"]:checked').waitFor();
    await page.screenshot({ path: `${SHOTS}/console-window-serving.png` });
    await page.keyboard.press('f');
    await current(page, '');
    expect(await ticket(a.id)).toMatchObject({ status: 'done', outcome: 'more_materials' });

    // The next one: N calls it, S starts it; a reload finds it being served (the server's state).
    await page.keyboard.press('n');
    await page.getByTestId('current-ticket').filter({ hasText: b.number }).waitFor();
    await page.keyboard.press('s');
    await current(page, 'serving');
    await page.reload();
    await page.getByTestId('current-ticket').filter({ hasText: b.number }).waitFor();
    await current(page, 'serving');

    // P parks it; after a reload it is still in "my parked tickets"; U resumes it.
    await page.keyboard.press('p');
    const parked = page.getByTestId('parked');
    await parked.locator(`li[data-ticket="${b.number}"]`).waitFor();
    await current(page, '');
    await page.reload();
    await parked.locator(`li[data-ticket="${b.number}"]`).waitFor();
    await current(page, '');
    expect(await ticket(b.id)).toMatchObject({ status: 'serving', parked: true });
    await page.keyboard.press('u');
    await current(page, 'serving');
    await parked.waitFor({ state: 'detached' });
    expect(await ticket(b.id)).toMatchObject({ status: 'serving', parked: false });

    // Agent 2 signs in, in their own browser context.
    const other = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    other.on('pageerror', (e) => errors.push(e.message));
    await signInConsole(other, c.url, 'agent2');
    await current(other, '');

    // T opens the transfer: agent 2 from the centre's agents, a note, Enter.
    await page.keyboard.press('t');
    const dialog = page.getByTestId('transfer-dialog');
    await dialog.waitFor();
    const target = dialog.getByTestId('transfer-target');
    await target.locator('option[value="st-agent2"]').waitFor({ state: 'attached' });
    const agent2 = await target.locator('option[value="st-agent2"]').innerText();
    expect(agent2).toContain('张帮办 Agent Zhang');
    expect(agent2).toContain('空闲'); // signed in to the console is on duty (available)
    expect(await target.locator('option[value="st-agent1"]').count()).toBe(0); // not oneself
    await target.selectOption('st-agent2');
    const note = '已收身份证复印件，缺户口本 — need the household register';
    await dialog.getByTestId('transfer-note').focus();
    await page.keyboard.type(note);
    await page.screenshot({ path: `${SHOTS}/console-transfer.png` });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await current(page, '');
    await page.getByTestId('notice').filter({ hasText: b.number }).waitFor();
    expect(callNexts).toBe(3); // typing the note called nobody

    // Agent 2 sees it in the queue, for them, with the note; N calls it and the note stays in view.
    const row = other.getByTestId('queue').locator(`tr[data-ticket="${b.number}"]`);
    await row.getByTestId('transfer-info').filter({ hasText: note }).waitFor();
    expect(await row.innerText()).toContain('转给您');
    expect(await row.innerText()).toContain('李帮办 Agent Li');
    await other.locator('body').focus();
    await other.keyboard.press('n');
    await other.getByTestId('current-ticket').filter({ hasText: b.number }).waitFor();
    const shown = await other.getByTestId('current-transfer').innerText();
    expect(shown).toContain(note);
    expect(shown).toContain('由 李帮办 Agent Li 转来');
    await other.screenshot({ path: `${SHOTS}/console-transfer-received.png` });
    const moved = await ticket(b.id);
    expect(moved.status).toBe('transferred');
    expect(await ticket(moved.transferredToId)).toMatchObject({
      status: 'called',
      agentId: 'st-agent2',
      transfer: { note, byStaffId: 'st-agent1' },
    });

    expect(errors).toEqual([]);
    await other.close();
    await page.close();
  });
});
