import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { audit, SHOTS, smallTargets, type Finding } from './kiosk-audit';
import { CARD_IDENTITY, installFakeHost, serveRenderer, type FakeHostOptions } from './kiosk-fake-host';

// Every kiosk screen in Chromium with a scripted host (kiosk-fake-host.ts): the accessibility audit,
// touch target sizes, both languages and elder mode, and the behaviours that need no real device.

describe('kiosk screens (scripted host)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRenderer>>;

  beforeAll(async () => {
    server = await serveRenderer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(opts: FakeHostOptions = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`${e.message} ${e.stack ?? ''}`));
    (page as Page & { errors?: string[] }).errors = errors;
    await installFakeHost(page, opts);
    await page.goto(`${server.url}/kiosk/`);
    await page.getByTestId('tile-take').waitFor();
    return page;
  }
  const tap = (page: Page, id: string) => page.getByTestId(id).first().click();
  const emitCard = (page: Page) =>
    page.evaluate(
      (e) => (globalThis as never as { __fakeHost: { emit(e: unknown): void } }).__fakeHost.emit(e),
      CARD_IDENTITY,
    );

  /** Visits every screen, calling `check` on each. */
  async function walk(page: Page, check: (screen: string) => Promise<void>) {
    await check('start');
    await tap(page, 'tile-take');
    await page.getByTestId('card-prompt').waitFor();
    await check('identify-card');
    await tap(page, 'manual-entry');
    await check('identify-keypad');
    await tap(page, 'code-entry');
    await check('identify-code');
    await page.evaluate(
      (e) => (globalThis as never as { __fakeHost: { emit(e: unknown): void } }).__fakeHost.emit(e),
      CARD_IDENTITY,
    );
    await page.getByTestId('take-items').waitFor();
    await check('take-number');
    await tap(page, 'take-item-JZZ');
    await page.getByTestId('confirm').waitFor();
    await check('confirm');
    await tap(page, 'confirm-take');
    await page.getByTestId('ticket-number').waitFor();
    await page.getByTestId('ticket-qr').waitFor();
    await check('ticket-result');
    await tap(page, 'ticket-done');
    await tap(page, 'tile-guide');
    await page.getByTestId('guide-item-JZZ').waitFor();
    await check('guide');
    await tap(page, 'guide-item-JZZ');
    await page.getByTestId('materials').waitFor();
    await check('guide-item');
    await tap(page, 'home');
    await tap(page, 'tile-check-in');
    await tap(page, 'manual-entry');
    for (const k of '11010519491231002X') await tap(page, `key-${k}`);
    await tap(page, 'key-ok');
    await page.getByTestId('appt-list').waitFor();
    await check('appointments');
    await tap(page, 'appt-check-in');
    await page.getByTestId('ticket-number').waitFor();
    await check('checked-in');
    await tap(page, 'home');
    await tap(page, 'tile-book');
    await page.evaluate(
      (e) => (globalThis as never as { __fakeHost: { emit(e: unknown): void } }).__fakeHost.emit(e),
      CARD_IDENTITY,
    );
    await tap(page, 'book-item-JZZ');
    await page.getByTestId('slot').first().waitFor();
    await check('booking-slots');
    await tap(page, 'slot');
    await page.getByTestId('booked').waitFor();
    await check('booked');
    await tap(page, 'home');
    for (let i = 0; i < 5; i++) await tap(page, 'tech-corner');
    await page.getByTestId('tech-pin').waitFor();
    await check('technician-pin');
    for (const k of '2468') await tap(page, `pin-${k}`);
    await tap(page, 'pin-ok');
    await page.getByTestId('tech-version').waitFor();
    await tap(page, 'tech-detect');
    await page.getByTestId('tech-result').filter({ hasText: '/dev/ttyS2' }).waitFor();
    await check('technician');
    await tap(page, 'home');
  }

  it('no kiosk screen has a serious or critical accessibility finding, in Chinese, English and elder mode', async () => {
    const findings: Finding[] = [];
    const page = await open();
    await walk(page, async (s) => void findings.push(...(await audit(page, s))));
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Elder mode' }).click();
    await walk(page, async (s) => void findings.push(...(await audit(page, `${s}-en-elder`))));
    await page.close();

    const failing = await open({ failures: { 'tickets.issue': 'UNAVAILABLE' } });
    await failing.evaluate(
      (e) => (globalThis as never as { __fakeHost: { emit(e: unknown): void } }).__fakeHost.emit(e),
      CARD_IDENTITY,
    );
    await tap(failing, 'tile-take');
    await tap(failing, 'take-item-JZZ');
    await tap(failing, 'confirm-take');
    await failing.getByTestId('error-screen').waitFor();
    findings.push(...(await audit(failing, 'error')));
    await failing.close();

    const outside = await open({ failures: { 'appointments.checkIn': 'OUTSIDE_CHECK_IN_WINDOW' } });
    await emitCard(outside);
    await tap(outside, 'tile-check-in');
    await outside.getByTestId('appt-early').waitFor();
    await outside.getByTestId('appt-late').waitFor();
    await outside.getByTestId('appt-check-in').waitFor();
    findings.push(...(await audit(outside, 'appointments-outside')));
    await outside.close();

    // The appointment lookup needs central: offline, the screen says so and offers a window ticket.
    const apptOffline = await open({ failures: { 'appointments.mine': 'UNAVAILABLE' } });
    await emitCard(apptOffline);
    await tap(apptOffline, 'tile-check-in');
    await apptOffline.getByTestId('needs-central').waitFor();
    findings.push(...(await audit(apptOffline, 'appointments-offline')));
    await apptOffline.close();

    const noHost = await browser.newPage();
    await noHost.goto(`${server.url}/kiosk/`);
    await noHost.getByTestId('no-host').waitFor({ timeout: 10_000 });
    findings.push(...(await audit(noHost, 'no-host')));
    expect(await noHost.locator('body').innerText()).toContain('Kiosk host not connected');
    await noHost.close();
    expect(findings).toEqual([]);
  });

  it('touch targets are at least 48 px everywhere and 72 px in elder mode', async () => {
    const page = await open();
    const small: string[] = [];
    await walk(
      page,
      async (s) => void small.push(...(await smallTargets(page, 48)).map((t) => `${s}: ${t}`)),
    );
    await page.getByRole('button', { name: '长辈模式' }).click();
    await walk(
      page,
      async (s) => void small.push(...(await smallTargets(page, 72)).map((t) => `elder ${s}: ${t}`)),
    );
    await page.screenshot({ path: `${SHOTS}/kiosk-start-elder.png` });
    expect(small).toEqual([]);
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('the keypad refuses a wrong check digit as it is typed, in both languages', async () => {
    const page = await open();
    await tap(page, 'tile-take');
    await tap(page, 'manual-entry');
    for (const k of '110105194912310021') await tap(page, `key-${k}`);
    const state = page.getByTestId('entry-state');
    expect(await state.innerText()).toContain('校验位不正确');
    expect(await state.innerText()).toContain('check digit is wrong');
    expect(await page.getByTestId('key-ok').isDisabled()).toBe(true);
    await tap(page, 'key-del');
    await tap(page, 'key-X');
    expect(await state.innerText()).toContain('号码有效');
    expect(await page.getByTestId('key-ok').isDisabled()).toBe(false);
    await page.close();
  });

  it('after the idle time a countdown shows, then the name is wiped and the start screen returns', async () => {
    const page = await open({ idleTimeoutSec: 2, countdownSec: 2 });
    await emitCard(page);
    await page.getByTestId('greeting').waitFor();
    expect(await page.locator('body').innerText()).toContain('张小梅');
    await page.getByTestId('idle-overlay').waitFor({ timeout: 5000 });
    await page.screenshot({ path: `${SHOTS}/kiosk-idle-countdown.png` });
    await page.getByTestId('idle-overlay').waitFor({ state: 'detached', timeout: 5000 });
    expect(await page.content()).not.toContain('张小梅');
    expect(
      await page.evaluate(
        () => (globalThis as never as { __fakeHost: { calls: string[] } }).__fakeHost.calls,
      ),
    ).toContain('session.end');
    await page.close();
  });

  it('removing the card ends the session', async () => {
    const page = await open();
    await emitCard(page);
    await tap(page, 'tile-take');
    await page.getByTestId('take-items').waitFor();
    await page.evaluate(() =>
      (globalThis as never as { __fakeHost: { emit(e: unknown): void } }).__fakeHost.emit({
        type: 'card.removed',
      }),
    );
    await page.getByTestId('tile-take').waitFor();
    expect(await page.content()).not.toContain('张小梅');
    await page.close();
  });

  it('a printer without paper is announced before issuing, and the number is offered on screen', async () => {
    const page = await open({ canPrint: false });
    await emitCard(page);
    await tap(page, 'tile-take');
    await tap(page, 'take-item-JZZ');
    const warning = page.getByTestId('printer-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('打印机缺纸');
    expect(await warning.innerText()).toContain('out of paper');
    await tap(page, 'confirm-take');
    await page.getByTestId('ticket-not-printed').waitFor();
    await page.getByTestId('ticket-qr').waitFor();
    expect(await page.getByTestId('ticket-number').innerText()).toBe('A012');
    await page.close();
  });

  it('offline, a banner shows and video help explains itself and offers what still works', async () => {
    const page = await open({ online: false });
    await page.getByTestId('offline-banner').waitFor();
    await tap(page, 'tile-video');
    const why = page.getByTestId('needs-central');
    await why.waitFor();
    expect(await why.innerText()).toContain('窗口号');
    expect(await why.innerText()).toContain('window ticket');
    await page.screenshot({ path: `${SHOTS}/kiosk-offline.png` });
    await page.close();
  });

  it('an appointment QR from a keyboard-wedge or a serial scanner checks the resident in', async () => {
    const page = await open();
    await page.keyboard.type('K7Q2M9\n', { delay: 5 }); // a wedge scanner types fast and ends with Enter
    await page.getByTestId('ticket-number').waitFor();
    const calls = () =>
      page.evaluate(() => (globalThis as never as { __fakeHost: { calls: string[] } }).__fakeHost.calls);
    expect(await calls()).toContain('identity.appointmentCode');
    expect(await calls()).toContain('appointments.checkIn');
    await tap(page, 'ticket-done');
    await page.evaluate(() =>
      (globalThis as never as { __fakeHost: { emit(e: unknown): void } }).__fakeHost.emit({
        type: 'scan',
        code: 'https://example.org/a/P3X8L1',
      }),
    );
    await page.getByTestId('ticket-number').waitFor();
    await page.close();
  });
});
