import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { signInConsole, startVideoStack, takeVideoTicket, type VideoStack } from './video-stack';

// The console as an agent's all-day tool, in Chromium at 1366×768: the status pill follows the agent
// (available → calling → in a call → serving → paused), a ringing video ticket says it is ringing
// (not "waiting for the resident to come"), the whole call — ticket, actions, queue, video, case
// panel with Finish — fits without the page scrolling, and when central stops the connection banner
// shows within 3 s and an action is refused with a bilingual message instead of failing later.

const SHOTS = 'test-results/screenshots';

/** The little of the DOM the page functions use (the tests compile without the DOM library). */
type Win = {
  innerWidth: number;
  innerHeight: number;
  document: { scrollingElement: { scrollHeight: number; scrollWidth: number } };
};

const pill = (page: Page, state: string) =>
  page.locator(`[data-testid="agent-status"][data-state="${state}"]`).waitFor({ timeout: 20_000 });

/** Whether the element lies wholly inside the viewport (no scrolling needed to reach it). */
async function inView(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).first().boundingBox();
  const vp = page.viewportSize()!;
  return (
    !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= vp.height && box.x + box.width <= vp.width
  );
}

describe('console state an agent can trust', () => {
  let s: VideoStack;
  beforeAll(async () => {
    s = await startVideoStack();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await s?.close().catch(() => undefined);
  });

  it('follows the agent through a video call at 1366×768 without page scroll, then shows an outage', async () => {
    const page = s.consolePage;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const number = await takeVideoTicket(s);
    await signInConsole(s);
    await pill(page, 'available');
    expect(await page.getByTestId('agent-status').innerText()).toContain('空闲可接');
    // Signed in is on duty: the dashboard's 在岗人员 counts agent 1 for the items they serve.
    // (The pill may show before central has the session: asked until it has, for at most 10 s.)
    const serving = async () => {
      const { queues } = await s.admin.get<{ queues: Array<{ itemId: string; agentsServing: number }> }>(
        '/api/v1/centres/c-zhangjiang/queues',
      );
      return queues.find((q) => q.itemId === 'i-jzz')?.agentsServing ?? 0;
    };
    const until = Date.now() + 10_000;
    let onDuty = await serving();
    while (onDuty < 1 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      onDuty = await serving();
    }
    expect(onDuty).toBeGreaterThanOrEqual(1);
    // Today's figures in the agent bar; the sound can be turned off with B (and back on).
    await page.locator('[data-testid="today"][data-served="0"]').waitFor();
    const sound = page.getByTestId('sound-toggle');
    expect(await sound.getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('b');
    await page.locator('[data-testid="sound-toggle"][aria-pressed="false"]').waitFor();
    await page.keyboard.press('b');
    await page.locator('[data-testid="sound-toggle"][aria-pressed="true"]').waitFor();
    const row = page.locator(`[data-ticket="${number}"]`);
    await row.waitFor({ timeout: 15_000 });
    // The queue marks the channel.
    expect(await row.locator('[data-channel]').getAttribute('data-channel')).toBe('video');

    // Calling: the kiosk rings; the ticket says so, not "已呼叫，等候居民到场".
    await page.keyboard.press('n');
    await s.kioskPage.getByTestId('video-ringing').waitFor({ timeout: 15_000 });
    await pill(page, 'calling');
    await page.getByTestId('current-status').filter({ hasText: '正在呼叫终端' }).waitFor();
    expect(await page.getByTestId('current-status').innerText()).not.toContain('等候居民到场');

    // In a call: everything on one screen.
    await s.kioskPage.getByTestId('video-accept').click();
    await pill(page, 'in_call');
    await page.getByTestId('case-panel').waitFor();
    const size = await page.evaluate(() => {
      const w = globalThis as unknown as Win;
      const el = w.document.scrollingElement;
      return { sh: el.scrollHeight, sw: el.scrollWidth, h: w.innerHeight, w: w.innerWidth };
    });
    expect(size.sh, 'page height').toBeLessThanOrEqual(size.h);
    expect(size.sw, 'page width').toBeLessThanOrEqual(size.w);
    // Accepting the call makes the ticket served (central's doing, shown at once, not 15 s later).
    await page.locator('[data-testid="current"][data-status="serving"]').waitFor({ timeout: 10_000 });
    const ids = ['agent-status', 'current-ticket', 'park', 'transfer', 'call-view', 'queue-box'];
    for (const id of [...ids, 'request-doc', 'finish']) {
      expect(await inView(page, id), id).toBe(true);
    }
    await page.screenshot({ path: `${SHOTS}/console-call-1366x768.png` });

    // The call ends: the ticket is still being served.
    await page.keyboard.press('e');
    await pill(page, 'serving');

    // Paused, with a reason chosen from the list.
    await page.getByTestId('pause-choice').selectOption('break');
    await page.getByTestId('pause').click();
    await pill(page, 'paused');
    expect(await page.getByTestId('agent-status').innerText()).toContain('休息');

    // Central stops: the banner within 3 s, and an action refused in both languages at once.
    await s.central.close();
    const shown = Date.now();
    await page.getByTestId('connection-banner').waitFor({ timeout: 3000 });
    expect(Date.now() - shown).toBeLessThan(3000);
    await page.keyboard.press('n');
    const alert = page.locator('[data-testid="error"][data-code="OFFLINE"]');
    await alert.waitFor({ timeout: 2000 });
    const text = await alert.innerText();
    expect(text).toContain('未连接中心服务，操作未执行');
    expect(text).toContain('the action was not carried out');
    expect(text).not.toContain('Failed to fetch');
    await page.screenshot({ path: `${SHOTS}/console-outage.png` });
    expect(errors).toEqual([]);
  });
});
