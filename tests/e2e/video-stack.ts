import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startCentral, type RunningCentral } from '../../central/server';
import { startDevKiosk, type DevKiosk } from '../../main/host/dev/dev-stack';
import { launchChromium } from '../helpers/chromium';
import { signIn, type Staff } from '../helpers/staff';

// Two Chromium instances with fake camera and microphone (test-only flags from launchChromium): one
// runs the kiosk page of an enrolled kiosk host (simulated card reader and printer), the other the
// staff console served by the same central service (same origin as its API and cookie).
// startKioskVideoStack leaves the console out, for tests that run it in another browser (Firefox).

export const WANG = { card: 0, name: '王小明' };

export { signIn, type Staff } from '../helpers/staff';

/** Central, an enrolled kiosk host and the kiosk page in Chromium; no console (see startVideoStack). */
export interface KioskVideoStack {
  central: RunningCentral;
  /** Central's address as the clients (kiosk host, console page) use it: central's own, or a proxy's. */
  clientUrl: string;
  kiosk: DevKiosk;
  kioskBrowser: Browser;
  kioskPage: Page;
  admin: Staff;
  close(): Promise<void>;
}

export interface VideoStack extends KioskVideoStack {
  consoleBrowser: Browser;
  consolePage: Page;
}

/** The kiosk side only: for tests that run the staff console in another browser (Firefox). */
export interface VideoStackOptions {
  /** Puts something (a fault proxy slowing the signaling) between the clients and central. */
  clientUrl?(centralUrl: string): Promise<string>;
}

export async function startKioskVideoStack(o: VideoStackOptions = {}): Promise<KioskVideoStack> {
  const root = mkdtempSync(join(tmpdir(), 'doorstep-video-'));
  const central = await startCentral({
    port: 0,
    dataDir: join(root, 'central'),
    seed: 'demo',
    rendererDir: resolve('dist/renderer'),
  });
  const centralUrl = central.url.replace(/\/$/, '');
  const clientUrl = o.clientUrl ? await o.clientUrl(centralUrl) : centralUrl;
  const kiosk = await startDevKiosk({ centralUrl: clientUrl, dataDir: join(root, 'kiosk'), headless: true });
  const kioskBrowser = await launchChromium({ video: true });
  const kioskPage = await kioskBrowser.newPage({ viewport: { width: 1280, height: 1024 } });
  const admin = await signIn(centralUrl, 'admin');
  return {
    central,
    clientUrl,
    kiosk,
    kioskBrowser,
    kioskPage,
    admin,
    async close() {
      await kioskBrowser.close().catch(() => undefined);
      await kiosk.close();
      await central.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function startVideoStack(o: VideoStackOptions = {}): Promise<VideoStack> {
  const base = await startKioskVideoStack(o);
  const consoleBrowser = await launchChromium({ video: true });
  const consolePage = await consoleBrowser.newPage({ viewport: { width: 1366, height: 768 } });
  return {
    ...base,
    consoleBrowser,
    consolePage,
    async close() {
      await consoleBrowser.close().catch(() => undefined);
      await base.close();
    },
  };
}

/** The resident puts the card on the reader and takes a video ticket (first video item); returns its number. */
export async function takeVideoTicket(s: KioskVideoStack): Promise<string> {
  const page = s.kioskPage;
  if (!page.url().startsWith(s.kiosk.kioskUrl.split('#')[0]!)) await page.goto(s.kiosk.kioskUrl);
  await page.getByTestId('tile-video').waitFor({ timeout: 20_000 });
  s.kiosk.idcardSim.placeCard(WANG.card);
  await page.getByTestId('greeting').filter({ hasText: WANG.name }).waitFor({ timeout: 10_000 });
  await page.getByTestId('tile-video').click();
  await page.locator('[data-testid^="take-item-"]').first().click();
  await page.getByTestId('confirm-take').click();
  return page.getByTestId('ticket-number').innerText();
}

/** The agent signs in on the console page. */
export async function signInConsole(s: VideoStack, username = 'agent1'): Promise<void> {
  const page = s.consolePage;
  await page.goto(`${s.clientUrl}/console/`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill('doorstep-demo');
  await page.getByRole('button', { name: /登录|Sign in/ }).click();
  await page.getByTestId('agent-status').waitFor();
}

/**
 * A call from the start: the resident takes a video ticket, the agent signs in, sees it in the live
 * queue and calls next, the kiosk rings and the resident accepts. Returns the ticket number.
 */
export async function startCall(s: VideoStack): Promise<string> {
  const number = await takeVideoTicket(s);
  await signInConsole(s);
  await s.consolePage.locator(`[data-ticket="${number}"]`).waitFor({ timeout: 15_000 });
  await s.consolePage.getByTestId('call-next').click();
  await s.kioskPage.getByTestId('video-ringing').waitFor({ timeout: 15_000 });
  await s.kioskPage.getByTestId('video-accept').click();
  return number;
}

/** The little of the DOM the page functions use (the tests compile without the DOM library). */
type Dom = { querySelector(sel: string): { getAttribute(a: string): string | null } | null };

/** Waits until the element's data-frames-decoded is above `min`: remote video is being decoded. */
export async function framesAbove(
  page: Page,
  testId: string,
  min: number,
  timeout = 20_000,
): Promise<number> {
  const h = await page.waitForFunction(
    ([id, m]) => {
      const doc = (globalThis as unknown as { document: Dom }).document;
      const n = Number(doc.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-frames-decoded') ?? 0);
      return n > Number(m) ? n : false;
    },
    [testId, String(min)] as const,
    { timeout },
  );
  return Number(await h.jsonValue());
}

/** Waits for an element with this test id and attribute value. */
export const withAttr = (page: Page, testId: string, attr: string, value: string, timeout = 20_000) =>
  page.locator(`[data-testid="${testId}"][${attr}="${value}"]`).waitFor({ timeout });
