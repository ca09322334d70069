import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import {
  emit,
  hostCalls,
  KIOSK_SIZES as SIZES,
  openKiosk,
  tap,
  type KioskSize,
} from '../helpers/kiosk-session';
import { SHOTS } from './kiosk-audit';
import { outOfView } from './kiosk-fit';
import {
  CARD_IDENTITY,
  caseEvent,
  installFakeHost,
  serveRenderer,
  videoCase,
  type FakeHostOptions,
} from './kiosk-fake-host';

// What residents tripped over (issue 15), in Chromium at the two kiosk sizes with a scripted host:
// a video ticket keeps the resident at the kiosk, elder mode fits the screen, the next resident starts
// afresh, and a card left on the reader is asked for.

describe('kiosk for residents (scripted host)', () => {
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

  const open = (opts: FakeHostOptions = {}, size: KioskSize = SIZES[1]) =>
    openKiosk(browser, server.url, opts, size);
  const text = (page: Page) => page.locator('body').innerText();

  it('after a video ticket the kiosk says to stay for the call, and a call means "answer here", never "go"', async () => {
    const page = await open({ priorityClaims: ['disability'] });
    await emit(page, CARD_IDENTITY);
    await tap(page, 'tile-video');
    await tap(page, 'take-item-JZZ');
    await page.getByTestId('priority-choice').waitFor();
    // No window for a video resident: the certificate is shown to the camera.
    const claim = await page.getByTestId('priority-choice').innerText();
    expect(claim).toContain('摄像头');
    expect(claim).not.toContain('窗口');
    await tap(page, 'confirm-take');
    const stay = page.getByTestId('video-stay');
    await stay.waitFor();
    expect(await stay.innerText()).toContain('请留在此处，工作人员将在这块屏幕上呼叫您');
    expect(await stay.innerText()).toContain('an agent will call you on this screen');
    expect(await page.getByTestId('ticket-ahead').innerText()).toContain('前面还有 2 人');
    expect(await text(page)).not.toContain('请取走。');
    await page.screenshot({ path: `${SHOTS}/kiosk-video-waiting.png` });

    // Position and estimate live: the host's ticket event moves the resident up.
    const base = { id: 't-v', number: 'V003', channel: 'video', status: 'waiting', waitingAhead: 0 };
    await emit(page, { type: 'ticket', ticket: ticketLike(base) });
    await page.getByTestId('ticket-ahead').filter({ hasText: '前面还有 0 人' }).waitFor();
    await emit(page, { type: 'ticket', ticket: ticketLike({ ...base, status: 'called' }) });
    await page.getByTestId('ticket-called').waitFor();
    const body = await text(page);
    expect(body).toContain('请在这块屏幕上接听');
    expect(body).not.toContain('请前往');
    expect(body).not.toContain('Please go now');
    await page.screenshot({ path: `${SHOTS}/kiosk-video-called.png` });
    await page.close();
  });

  it('a video ticket waits without the idle timeout ending the session', async () => {
    const page = await open({ idleTimeoutSec: 1, countdownSec: 1 });
    await emit(page, CARD_IDENTITY);
    await tap(page, 'tile-video');
    await tap(page, 'take-item-JZZ');
    await tap(page, 'confirm-take');
    await page.getByTestId('video-stay').waitFor();
    // Well past idle + countdown: still waiting, no countdown, no session end.
    await page.waitForTimeout(4000);
    expect(await page.getByTestId('idle-overlay').count()).toBe(0);
    expect(await page.getByTestId('video-stay').isVisible()).toBe(true);
    expect(await hostCalls(page)).not.toContain('session.end');
    await page.close();
  });

  for (const size of SIZES) {
    it(`in elder mode at ${size.width}×${size.height}, nothing a resident needs is clipped or below the fold, in both languages`, async () => {
      const problems: string[] = [];
      for (const lang of ['zh', 'en'] as const) {
        const page = await open({}, size);
        await page.getByRole('button', { name: '长辈模式' }).click();
        if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
        const check = async (screen: string) => {
          const tag = `${screen}-elder-${lang}-${size.width}x${size.height}`;
          await page.screenshot({ path: `${SHOTS}/kiosk-fit-${tag}.png` });
          problems.push(...(await outOfView(page)).map((p) => `${tag}: ${p}`));
        };
        await check('start');
        await tap(page, 'tile-take');
        await page.getByTestId('card-prompt').waitFor();
        await check('identify-card');
        await tap(page, 'manual-entry');
        await check('identify-keypad');
        await tap(page, 'code-entry');
        await check('identify-code');
        await emit(page, CARD_IDENTITY);
        await page.getByTestId('take-items').waitFor();
        await check('take-number');
        await tap(page, 'take-item-JZZ');
        await page.getByTestId('confirm').waitFor();
        await check('confirm');
        await tap(page, 'confirm-take');
        await page.getByTestId('ticket-qr').waitFor();
        await check('ticket-result');
        await tap(page, 'ticket-done');
        // The session ended: back to normal mode; elder mode on again for the rest of the walk.
        await page.getByRole('button', { name: '长辈模式' }).click();
        if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
        await emit(page, CARD_IDENTITY);
        await page.getByTestId('greeting').waitFor();
        await check('start-greeting');
        await tap(page, 'tile-guide');
        await page.getByTestId('guide-item-JZZ').waitFor();
        await check('guide');
        await tap(page, 'guide-item-JZZ');
        await page.getByTestId('materials').waitFor();
        await check('guide-item');
        await tap(page, 'home');
        await page.getByRole('button', { name: '长辈模式' }).click();
        if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
        await emit(page, CARD_IDENTITY);
        await tap(page, 'tile-check-in');
        await page.getByTestId('appt-list').waitFor();
        await check('appointments');
        await tap(page, 'home');
        await page.getByRole('button', { name: '长辈模式' }).click();
        if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
        await emit(page, CARD_IDENTITY);
        await tap(page, 'tile-book');
        await tap(page, 'book-item-JZZ');
        await page.getByTestId('slot').first().waitFor();
        await check('booking-slots');
        await page.close();
      }
      expect(problems).toEqual([]);
      // Two full walks with a screenshot of each screen: slow on a shared machine.
    }, 240_000);
  }

  it('the next resident starts in Chinese and normal mode, and a card left on the reader is asked for until lifted', async () => {
    const page = await open();
    await page.getByRole('button', { name: '长辈模式' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await emit(page, CARD_IDENTITY);
    await tap(page, 'tile-take');
    await tap(page, 'take-item-JZZ');
    await tap(page, 'confirm-take');
    await tap(page, 'ticket-done');
    await page.getByTestId('tile-take').waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(false);
    expect(await page.getByRole('button', { name: 'English' }).count()).toBe(1); // the switch offers English again
    const reminder = page.getByTestId('card-reminder');
    await reminder.waitFor();
    expect(await reminder.innerText()).toContain('请取走您的身份证');
    expect(await reminder.innerText()).toContain('Please take your ID card');
    await page.screenshot({ path: `${SHOTS}/kiosk-card-reminder.png` });
    await emit(page, { type: 'card.removed' });
    await reminder.waitFor({ state: 'detached' });
    await page.close();
  });

  it('after a video call the rating key looks unavailable until chosen, then thanks and returns to the start', async () => {
    const page = await open();
    await emit(page, CARD_IDENTITY);
    await emit(page, caseEvent(videoCase('vc-thanks', 'ended')));
    const submit = page.getByTestId('rating-submit');
    await submit.waitFor();
    const grey = await submit.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(grey).toBe('rgb(232, 235, 239)'); // not the active red while nothing is chosen
    await page.locator('[data-level="5"]').click();
    expect(await submit.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(grey);
    await submit.click();
    await page.getByTestId('video-thanks').waitFor();
    await page.screenshot({ path: `${SHOTS}/kiosk-video-thanks.png` });
    // The thank-you leaves by itself and the start screen, not the finished ticket, is next.
    await page.getByTestId('video-receipt').waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByTestId('tile-take').waitFor();
    expect(await hostCalls(page)).toContain('session.end');
    await page.close();
  });

  it('a booked resident finishes with a Done key back to the start, and appointment dates name their weekday', async () => {
    const page = await open({}, SIZES[0]);
    await emit(page, CARD_IDENTITY);
    await tap(page, 'tile-book');
    await tap(page, 'book-item-JZZ');
    await tap(page, 'slot');
    await tap(page, 'book-confirm');
    await page.getByTestId('booked').waitFor();
    const done = page.getByTestId('booked-done');
    expect(await done.innerText()).toContain('完成');
    expect(await outOfView(page)).toEqual([]);
    await done.click();
    await page.getByTestId('tile-take').waitFor();
    expect(await hostCalls(page)).toContain('session.end');

    await page.close();

    // An appointment two days ahead: the list says the day with its weekday, as the booking did.
    const later = await open({ appointmentInDays: 2 }, SIZES[0]);
    await emit(later, CARD_IDENTITY);
    await tap(later, 'tile-check-in');
    const when = later.getByTestId('appt-H4T6W8').locator('.appt-when');
    await when.waitFor();
    expect(await when.innerText()).toMatch(/\d+月\d+日 周[一二三四五六日]/);
    expect(await when.innerText()).toMatch(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d+/);
    await later.close();
  });

  it('in elder mode the card reminder is spoken', async () => {
    const page = await browser.newPage({ viewport: SIZES[0] });
    await page.addInitScript(() => {
      const said: string[] = [];
      (globalThis as unknown as { __said: string[] }).__said = said;
      Object.defineProperty(globalThis, 'speechSynthesis', {
        value: {
          getVoices: () => [],
          cancel: () => undefined,
          speak: (u: { text: string }) => said.push(u.text),
        },
      });
    });
    await installFakeHost(page, {});
    await page.goto(`${server.url}/kiosk/`);
    await page.getByTestId('tile-take').waitFor();
    await page.getByRole('button', { name: '长辈模式' }).click();
    await emit(page, CARD_IDENTITY);
    await page.getByTestId('end-session').click();
    await page.getByTestId('card-reminder').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { __said: string[] }).__said)).toContain(
      '请取走您的身份证',
    );
    await page.close();
  });
});

function ticketLike(t: Record<string, unknown>) {
  const estimate = { known: true, minMinutes: 5, maxMinutes: 12 };
  return {
    centreId: 'c-zhangjiang',
    stationId: 's-zhangjiang-1',
    itemId: 'i-jzz',
    priority: 'normal',
    serviceDay: new Date().toISOString().slice(0, 10),
    issuedAt: new Date().toISOString(),
    calledAt: null,
    printStatus: 'printed',
    estimate,
    reprint: false,
    ...t,
  };
}
