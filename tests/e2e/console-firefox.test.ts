import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceItem } from '../../contract/catalog';
import { gb11643CheckChar } from '../../contract/gb11643';
import type { Ticket } from '../../contract/ticket';
import { launchFirefox, type Firefox } from '../helpers/firefox';
import { signIn } from '../helpers/staff';
import {
  framesAbove,
  startKioskVideoStack,
  takeVideoTicket,
  withAttr,
  type KioskVideoStack,
} from './video-stack';

// The staff console in stock Firefox ESR (puppeteer-core over WebDriver BiDi) at 1366×768: keyboard
// sign-in, the live queue, the layout, and a real video call with the kiosk page in Chromium. Firefox
// runs with the test-only fake-media and loopback-ICE preferences of tests/helpers/firefox.ts.

const VIEWPORT = { width: 1366, height: 768 };
/** Generous waits on state: this runs on a loaded 2-core machine beside other suites. */
const WAIT = 30_000;

/** The little of the DOM the page functions use (the tests compile without the DOM library). */
interface El {
  getAttribute(a: string): string | null;
  getBoundingClientRect(): { top: number; left: number; right: number; bottom: number; width: number };
}
interface Doc {
  querySelector(sel: string): El | null;
  querySelectorAll(sel: string): Iterable<El>;
  activeElement: { getAttribute(a: string): string | null } | null;
  documentElement: { scrollWidth: number; clientWidth: number };
}
interface Win {
  document: Doc;
  innerWidth: number;
  innerHeight: number;
  doorstepNoReload?: number;
}

/** Presses Tab until the field named `name` has the focus (as a keyboard user reaches it). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      () => (globalThis as unknown as Win).document.activeElement?.getAttribute('name') ?? null,
    );
    if (focused === name) return;
  }
  throw new Error(`Tab never reached the field "${name}"`);
}

/**
 * Polls `fn` in the page until it returns a truthy value. puppeteer's waitForFunction builds its poller
 * with Function(), which the console's CSP (no 'unsafe-eval') rightly refuses in Firefox; evaluate()
 * runs as the automation's own script instead.
 */
async function pollInPage<T, A extends unknown[]>(page: Page, fn: (...args: A) => T, ...args: A): Promise<T> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const v = (await page.evaluate(fn as never, ...(args as unknown as never[]))) as T;
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT} ms waiting in the page`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until data-frames-decoded of the test id is above `min` (remote video decoded); returns it. */
async function firefoxFramesAbove(page: Page, testId: string, min: number): Promise<number> {
  const n = await pollInPage(
    page,
    (id: string, m: number) => {
      const el = (globalThis as unknown as Win).document.querySelector(`[data-testid="${id}"]`);
      const n = Number(el?.getAttribute('data-frames-decoded') ?? 0);
      return n > m ? n : 0;
    },
    testId,
    min,
  );
  return Number(n);
}

/** No horizontal scroll, and every call control inside the 1366×768 viewport. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const w = globalThis as unknown as Win;
    const d = w.document;
    const controls = [...d.querySelectorAll('.call-controls button')].map((b) => b.getBoundingClientRect());
    return {
      horizontalOverflow: d.documentElement.scrollWidth - d.documentElement.clientWidth,
      controls: controls.length,
      controlsInView: controls.every(
        (r) =>
          r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= w.innerHeight && r.right <= w.innerWidth,
      ),
    };
  });
}

describe('staff console in Firefox', () => {
  let s: KioskVideoStack;
  let firefox: Firefox;
  let page: Page;
  let centralUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    s = await startKioskVideoStack();
    centralUrl = s.central.url.replace(/\/$/, '');
    firefox = await launchFirefox({ video: true, mediaOrigins: [centralUrl] });
    page = await firefox.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // puppeteer sets the viewport and a screen orientation together; Firefox ESR 140 has no BiDi
    // orientation command (emulation.setScreenOrientationOverride), which is all that fails here. The
    // viewport itself must still apply: wait for it.
    await page.setViewport(VIEWPORT).catch((e: unknown) => {
      if (!String(e).includes('setScreenOrientationOverride')) throw e;
    });
    await page.waitForFunction((w: number) => window.innerWidth === w, {}, VIEWPORT.width);
  });
  afterAll(async () => {
    await firefox?.close();
    await s?.close();
  });

  it('signs in with the keyboard and shows a ticket issued through the API live, without scrolling sideways', async () => {
    const subscribers = async () =>
      Number(
        /^doorstep_event_subscribers (\d+)$/m.exec(await (await fetch(`${centralUrl}/metrics`)).text())?.[1],
      );
    const before = await subscribers();

    await page.goto(`${centralUrl}/console/`);
    await page.waitForSelector('input[name=username]', { timeout: WAIT });
    await tabTo(page, 'username');
    await page.keyboard.type('agent1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('doorstep-demo');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="agent-status"]', { timeout: WAIT });
    await page.waitForSelector('[data-testid="call-next"]', { visible: true, timeout: WAIT });

    // The console's event stream is open; a reload from here on would lose this mark.
    await page.evaluate(() => {
      (globalThis as unknown as Win).doorstepNoReload = 1;
    });
    await expect.poll(subscribers, { timeout: WAIT, interval: 200 }).toBeGreaterThan(before);

    const desk = await signIn(centralUrl, 'supervisor');
    const { items } = await desk.get<{ items: ServiceItem[] }>('/api/v1/catalog');
    const item = items.find((i) => i.channels.includes('window'));
    expect(item, 'a demo item with a window channel').toBeDefined();
    const first17 = '31011519850612123';
    const ticket = await desk.post<Ticket>('/api/v1/tickets', {
      itemId: item!.id,
      channel: 'window',
      centreId: 'c-zhangjiang',
      idNumber: first17 + gb11643CheckChar(first17),
      name: '赵测试',
    });
    const row = `[data-ticket="${ticket.number}"]`;
    await page.waitForSelector(row, { visible: true, timeout: WAIT });
    expect(await page.evaluate(() => (globalThis as unknown as Win).doorstepNoReload)).toBe(1);
    expect((await layout(page)).horizontalOverflow).toBeLessThanOrEqual(0);

    // Cancelled at the desk: the row leaves the queue live too (and is out of the way of the call).
    await desk.post(`/api/v1/tickets/${ticket.id}/cancel`, {});
    await page.waitForSelector(row, { hidden: true, timeout: WAIT });
    expect(await page.evaluate(() => (globalThis as unknown as Win).doorstepNoReload)).toBe(1);
  });

  it('calls a Chromium kiosk: both sides connect and decode video, the controls fit, the agent finishes', async () => {
    const kiosk = s.kioskPage;
    const number = await takeVideoTicket(s);
    await page.waitForSelector(`[data-ticket="${number}"]`, { visible: true, timeout: WAIT });
    await page.click('[data-testid="call-next"]');

    await kiosk.getByTestId('video-ringing').waitFor({ timeout: WAIT });
    await kiosk.getByTestId('video-accept').click();

    await page.waitForSelector('[data-testid="call-stats"][data-connection="connected"]', { timeout: WAIT });
    await withAttr(kiosk, 'video-call', 'data-connection', 'connected', WAIT);
    const a1 = await firefoxFramesAbove(page, 'call-stats', 0);
    const k1 = await framesAbove(kiosk, 'video-call', 0, WAIT);
    expect(await firefoxFramesAbove(page, 'call-stats', a1)).toBeGreaterThan(a1);
    expect(await framesAbove(kiosk, 'video-call', k1, WAIT)).toBeGreaterThan(k1);

    // The agent sees the resident: the remote <video> plays, and the quality line names the path.
    await pollInPage(page, () => {
      const v = (globalThis as unknown as Win).document.querySelector('[data-testid="remote-video"]') as
        (El & { paused: boolean; videoWidth: number }) | null;
      return !!v && !v.paused && v.videoWidth > 0;
    });
    const path = await page.$eval('[data-testid="call-stats"]', (el) => el.getAttribute('data-path'));
    expect(path).toBe('host');

    const view = await layout(page);
    expect(view.controls).toBeGreaterThanOrEqual(3); // mute, camera, end call
    expect(view.controlsInView).toBe(true);
    expect(view.horizontalOverflow).toBeLessThanOrEqual(0);

    // Outcome 办结 (the default) and finish: the kiosk moves on to the rating.
    await page.click('[data-testid="finish"]');
    await page.waitForSelector('[data-testid="call-pane"][data-case-status="ended"]', { timeout: WAIT });
    await kiosk.getByTestId('video-rating').waitFor({ timeout: WAIT });
    // Firefox reports a CSP-refused eval that the console's code does not make (its bundle has no eval;
    // zod runs jitless): it comes from the automation's own evaluation under the page's CSP, which
    // rightly has no 'unsafe-eval'. Any other page error fails the test.
    expect(pageErrors.filter((e) => !/blocked a JavaScript eval/.test(e))).toEqual([]);
  });
});
