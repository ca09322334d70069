import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import {
  emit,
  hostCalls,
  hostRequests,
  openKiosk,
  setModes,
  tap,
  type KioskPage,
} from '../helpers/kiosk-session';
import { audit, SHOTS, smallTargets, type Finding } from './kiosk-audit';
import {
  CARD_IDENTITY,
  caseEvent,
  pushEvent,
  serveRenderer,
  videoCase,
  type FakeHostOptions,
} from './kiosk-fake-host';

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

  const open = (opts: FakeHostOptions = {}): Promise<KioskPage> => openKiosk(browser, server.url, opts);
  const emitCard = (page: Page) => emit(page, CARD_IDENTITY);

  /** Visits every screen, calling `check` on each. Each session end puts the kiosk back into Chinese
   * and normal mode for the next resident, so `modes` (English, elder) are switched on again after it. */
  async function walk(
    page: Page,
    check: (screen: string) => Promise<void>,
    modes: { en?: boolean; elder?: boolean } = {},
  ) {
    const again = () => setModes(page, modes);
    await check('start');
    await tap(page, 'tile-take');
    await page.getByTestId('card-prompt').waitFor();
    await check('identify-card');
    await tap(page, 'manual-entry');
    await check('identify-keypad');
    await tap(page, 'code-entry');
    await check('identify-code');
    await emitCard(page);
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
    await again();
    await tap(page, 'tile-guide');
    await page.getByTestId('guide-item-JZZ').waitFor();
    await check('guide');
    await tap(page, 'guide-item-JZZ');
    await page.getByTestId('materials').waitFor();
    await check('guide-item');
    await tap(page, 'home');
    await again();
    await tap(page, 'tile-check-in');
    await tap(page, 'manual-entry');
    for (const k of '11010519491231002X') await tap(page, `key-${k}`);
    await tap(page, 'key-ok');
    // A typed number lists no appointments (issue 11): the screen says why and offers the one due now.
    await page.getByTestId('appt-typed').waitFor();
    await check('appointments-typed');
    await tap(page, 'appt-check-in-now');
    await page.getByTestId('ticket-number').waitFor();
    await check('checked-in');
    await tap(page, 'home');
    await again();
    await tap(page, 'tile-check-in');
    await emitCard(page);
    await page.getByTestId('appt-list').waitFor();
    await check('appointments');
    await tap(page, 'home');
    await again();
    await tap(page, 'tile-book');
    await emitCard(page);
    await tap(page, 'book-item-JZZ');
    await page.getByTestId('slot').first().waitFor();
    await check('booking-slots');
    await tap(page, 'slot');
    await page.getByTestId('book-confirm').waitFor();
    await check('booking-confirm');
    await tap(page, 'book-confirm');
    await page.getByTestId('booked').waitFor();
    await check('booked');
    await tap(page, 'home');
    await again();
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
    await again();
  }

  it('no kiosk screen has a serious or critical accessibility finding, in Chinese, English and elder mode', async () => {
    const findings: Finding[] = [];
    const page = await open();
    await walk(page, async (s) => void findings.push(...(await audit(page, s))));
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Elder mode' }).click();
    await walk(page, async (s) => void findings.push(...(await audit(page, `${s}-en-elder`))), {
      en: true,
      elder: true,
    });
    await page.close();

    const failing = await open({ failures: { 'tickets.issue': 'UNAVAILABLE' } });
    await emitCard(failing);
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
    // Two walks of every screen plus four more pages, with axe on each: long on a shared machine.
  }, 240_000);

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
      { elder: true },
    );
    await page.screenshot({ path: `${SHOTS}/kiosk-start-elder.png` });
    expect(small).toEqual([]);
    expect(page.errors).toEqual([]);
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
    expect(await hostCalls(page)).toContain('session.end');
    await page.close();
  });

  it('removing the card ends the session', async () => {
    const page = await open();
    await emitCard(page);
    await tap(page, 'tile-take');
    await page.getByTestId('take-items').waitFor();
    await emit(page, { type: 'card.removed' });
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

  it('an appointment code is typed on on-screen keys (no keyboard) and checks the resident in', async () => {
    const page = await open();
    await tap(page, 'tile-check-in');
    await tap(page, 'code-entry');
    const ok = page.getByTestId('code-ok');
    for (const k of 'K7Q') await tap(page, `code-key-${k}`);
    expect(await ok.isDisabled()).toBe(true); // too short to be a code
    await tap(page, 'code-key-X');
    await tap(page, 'code-del');
    for (const k of '2M9') await tap(page, `code-key-${k}`);
    expect(await page.getByTestId('code-value').innerText()).toBe('K7Q2M9');
    expect(await page.locator('body').innerText()).toContain('已输入 6 位');
    await tap(page, 'code-ok');
    await page.getByTestId('ticket-number').waitFor();
    const requests = await hostRequests(page);
    expect(requests).toContainEqual({ channel: 'identity.appointmentCode', request: { code: 'K7Q2M9' } });
    expect(await page.locator('input, textarea').count()).toBe(0);
    await page.close();
  });

  // The host's `scan` event is faked here; kiosk-devices.test.ts drives a real serial scanner (simulator
  // on a PTY, the host's driver) against the real stack.
  it("an appointment QR from a keyboard-wedge scanner or the host's scan event checks the resident in", async () => {
    const page = await open();
    await page.keyboard.type('K7Q2M9\n', { delay: 5 }); // a wedge scanner types fast and ends with Enter
    await page.getByTestId('ticket-number').waitFor();
    const calls = () => hostCalls(page);
    expect(await calls()).toContain('identity.appointmentCode');
    expect(await calls()).toContain('appointments.checkIn');
    await tap(page, 'ticket-done');
    await emit(page, { type: 'scan', code: 'https://example.org/a/P3X8L1' });
    await page.getByTestId('ticket-number').waitFor();
    await page.close();
  });
});

// The video help screens over the kiosk, driven by scripted `video` events (kiosk-fake-host.ts) in a
// Chromium with fake cameras: fake_device_0 (the main camera), fake_device_1 and fake_device_2.
describe('kiosk video screens (scripted host)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRenderer>>;
  let cases = 0;

  beforeAll(async () => {
    server = await serveRenderer();
    browser = await launchChromium({
      video: true,
      args: ['--use-fake-device-for-media-stream=device-count=3'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = (opts: FakeHostOptions = {}): Promise<KioskPage> => openKiosk(browser, server.url, opts);
  const requests = hostRequests;
  const calls = hostCalls;
  const playing = (page: Page, id: string) =>
    page.waitForFunction((testId) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
      const v = doc.querySelector(`[data-testid="${testId}"]`) as { readyState: number } | null;
      return !!v && v.readyState >= 2;
    }, id);

  /** A call from ringing to the receipt, calling `check` on each video screen. */
  async function walk(page: Page, check: (screen: string) => Promise<void>) {
    const id = `vc-${++cases}`;
    await emit(page, caseEvent(videoCase(id, 'ringing')));
    await page.getByTestId('video-ringing').waitFor();
    await check('video-ringing');
    await tap(page, 'video-accept');
    await page.getByTestId('video-call').waitFor();
    await playing(page, 'kiosk-self-video');
    await check('video-call');
    await emit(
      page,
      pushEvent(id, {
        kind: 'checklist',
        title: { zh: '居住证办理', en: 'Residence permit' },
        items: [{ zh: '户口簿', en: 'Household register' }],
      }),
    );
    await page.getByTestId('pushed-checklist').waitFor();
    await check('video-checklist');
    await emit(page, pushEvent(id, { kind: 'document.request', label: { zh: '身份证', en: 'ID card' } }));
    await page.locator('[data-testid="doc-capture-btn"]:enabled').waitFor();
    await check('video-document');
    await tap(page, 'doc-capture-btn');
    await page.getByTestId('doc-still').waitFor();
    await check('video-document-still');
    await tap(page, 'doc-send');
    await page.getByTestId('doc-capture').waitFor({ state: 'detached' });
    await emit(page, pushEvent(id, { kind: 'signature.request', text: '本人确认所述情况属实' }));
    await page.getByTestId('sign-pad').waitFor();
    await check('video-signature');
    await emit(page, pushEvent(id, { kind: 'form', formId: `f-${id}`, templateId: 'emergency-contact' }));
    await page.locator('[data-testid="pinyin-pad"][data-ready="yes"]').waitFor();
    await check('video-form-pinyin');
    await tap(page, 'field-phone');
    await page.getByTestId('fkey-1').waitFor();
    await check('video-form-keypad');
    await emit(page, pushEvent(id, { kind: 'clear' }));
    await page.getByTestId('pushed-form').waitFor({ state: 'detached' });
    await emit(page, caseEvent(videoCase(id, 'ended')));
    await page.getByTestId('video-rating').waitFor();
    await page.locator('[data-level="2"]').click();
    await tap(page, 'reason-wait');
    await tap(page, 'reason-other');
    await page.locator('[data-testid="pinyin-pad"][data-ready="yes"]').waitFor();
    await check('video-rating-reason');
    await tap(page, 'rating-submit');
    await page.locator('[data-testid="video-receipt"][data-step="printed"]').waitFor();
    await check('video-receipt');
  }

  it('no video screen has a serious or critical accessibility finding or a small touch target', async () => {
    const findings: Finding[] = [];
    const small: string[] = [];
    const page = await open();
    await walk(page, async (s) => {
      findings.push(...(await audit(page, s)));
      small.push(...(await smallTargets(page, 48)).map((t) => `${s}: ${t}`));
    });
    expect(page.errors).toEqual([]);
    await page.close();

    const elder = await open();
    await elder.getByRole('button', { name: 'English' }).click();
    await elder.getByRole('button', { name: 'Elder mode' }).click();
    await walk(elder, async (s) => {
      findings.push(...(await audit(elder, `${s}-en-elder`)));
      small.push(...(await smallTargets(elder, 72)).map((t) => `elder ${s}: ${t}`));
    });
    expect(elder.errors).toEqual([]);
    await elder.close();
    expect(findings).toEqual([]);
    expect(small).toEqual([]);
  });

  it('a poor rating takes one-tap reasons and a pinyin-typed one; no keyboard needed', async () => {
    const page = await open();
    await emit(page, caseEvent(videoCase('vc-rate', 'ended')));
    await page.getByTestId('video-rating').waitFor();
    await page.locator('[data-level="1"]').click();
    const submit = page.getByTestId('rating-submit');
    expect(await submit.isDisabled()).toBe(true); // a reason is needed at 非常不满意
    await tap(page, 'reason-unsolved');
    expect(await submit.isDisabled()).toBe(false);
    await tap(page, 'reason-wait');
    await tap(page, 'reason-unsolved'); // tapped again: not chosen any more
    await tap(page, 'reason-other');
    await page.locator('[data-testid="pinyin-pad"][data-ready="yes"]').waitFor();
    for (const l of 'tai') await tap(page, `lkey-${l}`);
    await page.getByTestId('candidate').filter({ hasText: '太' }).first().click();
    for (const l of 'man') await tap(page, `lkey-${l}`);
    await page.getByTestId('candidate').filter({ hasText: '慢' }).first().click();
    expect(await page.getByTestId('rating-reason').innerText()).toBe('太慢');
    await submit.click();
    await page.locator('[data-testid="video-receipt"][data-rated="delivered"]').waitFor();
    expect(await requests(page)).toContainEqual({
      channel: 'video.rate',
      request: { caseId: 'vc-rate', level: 1, reason: '等待时间太长；太慢' },
    });
    expect(await page.locator('input, textarea').count()).toBe(0);
    await page.close();
  });

  it('a rating central cannot take now is announced as saved and sent later; a failed one can be retried or skipped', async () => {
    const queued = await open({ rateDelivered: false });
    await emit(queued, caseEvent(videoCase('vc-queued', 'ended')));
    await queued.locator('[data-level="4"]').click();
    await tap(queued, 'rating-submit');
    const note = queued.getByTestId('rating-queued');
    await note.waitFor();
    expect(await note.innerText()).toContain('评价已保存');
    expect(await note.innerText()).toContain('will be sent automatically');
    await queued.close();

    const failing = await open({ failures: { 'video.rate': 'NO_HOST' } });
    await emit(failing, caseEvent(videoCase('vc-failing', 'ended')));
    await failing.locator('[data-level="5"]').click();
    await tap(failing, 'rating-submit');
    await failing.getByTestId('rating-failed').waitFor();
    expect(await failing.getByTestId('video-rating').isVisible()).toBe(true);
    await tap(failing, 'rating-skip');
    await failing.locator('[data-testid="video-receipt"][data-step="printed"]').waitFor();
    await failing.close();
  });

  it('a rating screen left alone shows the idle countdown, then counts as skipped: receipt, start screen', async () => {
    const page = await open({ idleTimeoutSec: 2, countdownSec: 2 });
    await emit(page, caseEvent(videoCase('vc-idle', 'ended')));
    await page.getByTestId('video-rating').waitFor();
    const overlay = page.getByTestId('idle-overlay');
    await overlay.waitFor({ timeout: 6000 });
    // The countdown is on top of the rating screen, where the resident can see and tap it.
    expect(
      await page.evaluate(() => {
        const doc = (
          globalThis as unknown as { document: { elementFromPoint(x: number, y: number): unknown } }
        ).document;
        const el = doc.elementFromPoint(640, 512) as { closest(s: string): unknown } | null;
        return !!el?.closest('[data-testid="idle-overlay"]');
      }),
    ).toBe(true);
    await page.screenshot({ path: `${SHOTS}/kiosk-video-rating-idle.png` });
    await page.locator('[data-testid="video-receipt"][data-step="printed"]').waitFor({ timeout: 6000 });
    expect(await calls(page)).toContain('video.receipt');
    expect(await calls(page)).toContain('session.end');
    expect(await calls(page)).not.toContain('video.rate');
    await page.getByTestId('video-receipt').waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByTestId('tile-take').waitFor();
    await page.close();
  });

  it('a resident in a video call is not idle: the session outlives the idle time, then idles after the call', async () => {
    const page = await open({ idleTimeoutSec: 2, countdownSec: 2 });
    await emit(page, CARD_IDENTITY);
    await page.getByTestId('greeting').waitFor();
    await emit(page, caseEvent(videoCase('vc-long', 'ringing')));
    await tap(page, 'video-accept');
    await page.getByTestId('video-call').waitFor();
    // Three times the idle time plus the countdown without a touch: no countdown, the session holds.
    const held = Date.now();
    while (Date.now() - held < 7000) {
      expect(await page.getByTestId('idle-overlay').count()).toBe(0);
      await page.waitForTimeout(500);
    }
    expect(await calls(page)).not.toContain('session.end');
    expect(await page.content()).toContain('张小梅');
    // The agent ends the call; the rating screen's own idle rule takes over and then the session ends.
    await emit(page, caseEvent(videoCase('vc-long', 'ended')));
    await page.getByTestId('video-rating').waitFor();
    await page.getByTestId('idle-overlay').waitFor({ timeout: 6000 });
    await page.locator('[data-testid="video-receipt"][data-step="printed"]').waitFor({ timeout: 6000 });
    expect(await calls(page)).toContain('session.end');
    expect(await page.content()).not.toContain('张小梅');
    await page.close();
  });

  it('document photos come from the camera kiosk.json names, else the main camera', async () => {
    for (const [configured, expected] of [
      ['fake_device_2', 'fake_device_2'],
      [null, 'fake_device_0'],
    ] as const) {
      const page = await open({ documentCamera: configured });
      await emit(page, caseEvent(videoCase(`vc-cam-${expected}`, 'ringing')));
      await tap(page, 'video-accept');
      await page.getByTestId('video-call').waitFor();
      await emit(
        page,
        pushEvent(`vc-cam-${expected}`, { kind: 'document.request', label: { zh: '身份证', en: 'ID card' } }),
      );
      await page.locator('[data-testid="doc-capture-btn"]:enabled').waitFor();
      expect(await page.getByTestId('doc-capture').getAttribute('data-camera'), String(configured)).toBe(
        expected,
      );
      await page.close();
    }
  });
});
