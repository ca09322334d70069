import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminItem } from '../../contract/api/admin-catalog';
import type { AdminStation } from '../../contract/api/admin-places';
import { launchChromium } from '../helpers/chromium';
import { startKioskStack, type KioskStack } from '../helpers/kiosk-stack';
import { signIn, type Staff } from '../helpers/staff';
import { nextEvent } from '../integration/host/events';

// Issue 12 in Chromium against the real host, central (demo seed) and the card simulator: an
// administrator's changes show on a kiosk page that is never reloaded — a renamed station at once,
// a deactivated item only after the resident who was choosing has finished, and a closure of the
// centre as 今日休息 / closed today (no window or video tickets) until it is lifted.

const WANG = { card: 0, name: '王小明' };
const serviceDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const WITHIN_MS = 10_000;

describe('a kiosk page follows the administrators without a reload', () => {
  let stack: KioskStack;
  let browser: Browser;
  let page: Page;
  let admin: Staff;

  beforeAll(async () => {
    stack = await startKioskStack({ headless: true });
    browser = await launchChromium();
    admin = await signIn(stack.centralUrl, 'admin');
    page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
    await page.goto(stack.kioskUrl);
    await page.getByTestId('tile-take').waitFor({ timeout: 20_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** Resolves when the page has been told of an administrator's change (the host's config event). */
  const pageToldOfConfig = async () => {
    await page.evaluate(() => {
      const w = window as unknown as { __configSeen?: number; doorstep: Window['doorstep'] };
      w.__configSeen = 0;
      w.doorstep!.subscribe((e) => {
        if (e.type === 'config') w.__configSeen = (w.__configSeen ?? 0) + 1;
      });
    });
    return () =>
      page.waitForFunction(
        () => ((window as unknown as { __configSeen?: number }).__configSeen ?? 0) > 0,
        null,
        {
          timeout: WITHIN_MS,
        },
      );
  };

  it('shows a renamed station on the start screen', async () => {
    const st = await admin.get<AdminStation>('/api/v1/admin/stations/s-zhangjiang-1');
    const { id: _id, version, ...fields } = st;
    await admin.put(`/api/v1/admin/stations/${st.id}`, {
      ...fields,
      name: { zh: '张江实验站', en: 'Zhangjiang Pilot Station' },
      version,
    });
    await page.locator('.station-name', { hasText: '张江实验站 · Zhangjiang Pilot Station' }).waitFor({
      timeout: WITHIN_MS,
    });
  });

  it('keeps a deactivated item for the resident choosing it and drops it for the next one', async () => {
    stack.idcardSim.placeCard(WANG.card);
    await page.getByTestId('greeting').filter({ hasText: WANG.name }).waitFor({ timeout: 5000 });
    await page.getByTestId('tile-take').click();
    await page.getByTestId('take-item-JZZ').waitFor();

    const told = await pageToldOfConfig();
    const item = await admin.get<AdminItem & { initials?: string }>('/api/v1/admin/items/i-jzz');
    const { id: _id, initials: _i, version, ...fields } = item;
    await admin.put('/api/v1/admin/items/i-jzz', { ...fields, active: false, version });
    await told();
    // A round trip over the bridge after the event: a reload, had it started, would be under way.
    await page.evaluate(() => window.doorstep!.call('link.status', {}));
    expect(await page.getByTestId('take-item-JZZ').count()).toBe(1);

    const removed = nextEvent(stack.host, 'card.removed');
    stack.idcardSim.removeCard();
    await removed;
    await page.getByTestId('tile-take').waitFor();
    stack.idcardSim.placeCard(WANG.card);
    await page.getByTestId('greeting').waitFor({ timeout: 5000 });
    await page.getByTestId('tile-take').click();
    await page.getByTestId('take-items').waitFor();
    await page.getByTestId('take-item-JZZ').waitFor({ state: 'detached', timeout: WITHIN_MS });
    stack.idcardSim.removeCard();
    await page.getByTestId('tile-take').waitFor({ timeout: 5000 });
  });

  it('says 今日休息 / closed today on a closure day, takes no window or video tickets, and opens again by itself', async () => {
    const day = serviceDay();
    const wasOpen = (await stack.host.call('calendar.today', {})).open;
    await admin.post('/api/v1/admin/calendar/days', {
      day,
      kind: 'closed',
      centreId: 'c-zhangjiang',
      name: { zh: '设备检修', en: 'Maintenance' },
    });
    const notice = page.getByTestId('closed-today');
    await notice.waitFor({ timeout: WITHIN_MS });
    const text = await notice.innerText();
    expect(text).toContain('今日休息');
    expect(text).toContain('Closed today');
    expect(text).toContain('设备检修');
    expect(text).toMatch(/下次开放：\d+月\d+日 \d\d:\d\d/);
    expect(text).toMatch(/Opens again on \d{4}-\d\d-\d\d at \d\d:\d\d/);
    // zh first: the Chinese title comes before the English one.
    expect(text.indexOf('今日休息')).toBeLessThan(text.indexOf('Closed today'));
    expect(await page.getByTestId('tile-take').isDisabled()).toBe(true);
    expect(await page.getByTestId('tile-video').isDisabled()).toBe(true);
    expect(await page.getByTestId('tile-guide').isDisabled()).toBe(false);

    await admin.delete(`/api/v1/admin/calendar/days/${day}?centreId=c-zhangjiang`);
    if (wasOpen) {
      await notice.waitFor({ state: 'detached', timeout: WITHIN_MS });
      expect(await page.getByTestId('tile-take').isDisabled()).toBe(false);
    }
  });
});
