import type { Browser, Page } from 'playwright-core';
import { installFakeHost, type FakeHostOptions } from '../e2e/kiosk-fake-host';

// The kiosk page with a scripted host (tests/e2e/kiosk-fake-host.ts), shared by the browser tests
// of the kiosk screens: open it at a kiosk size, tap by test id, push host events, read what the
// page asked the host, and switch the resident's modes (English, elder mode) back on after a
// session end reset them.

/** The two kiosk screens: portrait 1080×1920 and the 1280×1024 monitor. */
export const KIOSK_SIZES = [
  { width: 1080, height: 1920 },
  { width: 1280, height: 1024 },
] as const;
export type KioskSize = { width: number; height: number };

export type KioskPage = Page & { errors: string[] };

interface FakeGlobal {
  __fakeHost: {
    emit(e: unknown): void;
    calls: string[];
    requests: Array<{ channel: string; request: unknown }>;
  };
}

/** Opens the kiosk on the start screen; uncaught page errors collect in `page.errors`. */
export async function openKiosk(
  browser: Browser,
  baseUrl: string,
  opts: FakeHostOptions = {},
  size: KioskSize = KIOSK_SIZES[1],
): Promise<KioskPage> {
  const page = (await browser.newPage({ viewport: size })) as KioskPage;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`${e.message} ${e.stack ?? ''}`));
  await installFakeHost(page, opts);
  await page.goto(`${baseUrl}/kiosk/`);
  await page.getByTestId('tile-take').waitFor();
  return page;
}

export const tap = (page: Page, id: string) => page.getByTestId(id).first().click();

/** Pushes a host event (card read, ticket change, video message) into the page. */
export const emit = (page: Page, e: unknown) =>
  page.evaluate((ev) => (globalThis as never as FakeGlobal).__fakeHost.emit(ev), e as never);

/** The host channels the page called, in order. */
export const hostCalls = (page: Page) =>
  page.evaluate(() => (globalThis as never as FakeGlobal).__fakeHost.calls);

/** The host calls with their requests, in order. */
export const hostRequests = (page: Page) =>
  page.evaluate(() => (globalThis as never as FakeGlobal).__fakeHost.requests);

/** Switches English and/or elder mode on from the start screen (a session end turns both off). */
export async function setModes(page: Page, modes: { en?: boolean; elder?: boolean }): Promise<void> {
  await page.getByTestId('tile-take').waitFor();
  if (modes.en) await page.getByRole('button', { name: 'English' }).click();
  if (modes.elder) await page.getByRole('button', { name: modes.en ? 'Elder mode' : '长辈模式' }).click();
}
