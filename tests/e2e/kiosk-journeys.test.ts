import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Ticket } from '../../contract/ticket';
import { launchChromium } from '../helpers/chromium';
import { startKioskStack, type KioskStack } from '../helpers/kiosk-stack';
import { audit, SHOTS, type Finding } from './kiosk-audit';
import { signIn, type Staff } from '../helpers/staff';

/** The QR code's text in a printed ticket's image (the printer simulator renders each ticket). */
function decodeQr(pngPath: string): string | null {
  const png = PNG.sync.read(readFileSync(pngPath));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

// Resident journeys in Chromium against the browser shell, the real central service (demo seed) and
// the ID card and printer simulators on PTYs (tests/helpers/kiosk-stack.ts).

const WANG = { card: 0, name: '王小明' }; // simulator card 0, born 1985
const LI = { card: 1, name: '李秀英' }; // simulator card 1, 70+
const CENTRE = 'c-zhangjiang';
const shanghaiDay = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));

describe('kiosk resident journeys (real host, central, simulators)', () => {
  let stack: KioskStack;
  let browser: Browser;
  let page: Page;
  let admin: Staff;
  let agent: Staff;
  const findings: Finding[] = [];

  beforeAll(async () => {
    stack = await startKioskStack({ headless: true });
    // Short inactivity for the wipe test: the host's config is what config.get reports.
    Object.assign(stack.host.config, { idleTimeoutSec: 600, countdownSec: 3 });
    browser = await launchChromium();
    admin = await signIn(stack.centralUrl, 'admin');
    agent = await signIn(stack.centralUrl, 'agent1');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  async function open(): Promise<void> {
    await clearReader();
    await page?.close();
    page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
    await page.goto(stack.kioskUrl);
    await page.getByTestId('tile-take').waitFor({ timeout: 20_000 });
  }
  const tap = (id: string) => page.getByTestId(id).first().click();
  let cardOn = false;
  /** Takes any card off the reader and waits until the host has noticed. */
  async function clearReader() {
    if (!cardOn) return;
    const removed = new Promise<void>((resolve) => {
      const stop = stack.host.subscribe((e) => {
        if (e.type === 'card.removed') {
          stop();
          resolve();
        }
      });
    });
    stack.idcardSim.removeCard();
    cardOn = false;
    await removed;
  }
  async function placeCard(who: { card: number; name: string }) {
    await clearReader();
    stack.idcardSim.placeCard(who.card);
    cardOn = true;
    await page.getByTestId('greeting').filter({ hasText: who.name }).waitFor({ timeout: 5000 });
  }
  async function removeCard() {
    await clearReader();
    await page.getByTestId('greeting').waitFor({ state: 'detached', timeout: 5000 });
  }
  const aheadOnScreen = async () =>
    Number(/\d+/.exec(await page.getByTestId('ticket-ahead').innerText())?.[0]);

  it('card → item → printed ticket; an agent calls the ticket ahead and the count on screen drops', async () => {
    await open();
    // Someone is already waiting for the same item (issued at the centre by staff).
    const ahead = await admin.post<Ticket>('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      centreId: CENTRE,
      idNumber: '11010519491231002X', // GB 11643's own example number
    });
    await placeCard(WANG);
    findings.push(...(await audit(page, 'real-start-greeting')));
    await tap('tile-take');
    await tap('take-item-JZZ');
    await page.getByTestId('confirm').waitFor();
    findings.push(...(await audit(page, 'real-confirm')));
    const printed = stack.printerSim.nextTicket(15_000);
    await tap('confirm-take');
    const number = await page.getByTestId('ticket-number').innerText();
    await page.getByTestId('ticket-printed').waitFor();
    expect((await printed).transcript).toContain(number);
    // The QR on the paper, decoded from the printed image as a phone's camera would, opens the
    // ticket's status page at the public URL, on a phone-sized screen, with this number.
    const url = decodeQr((await printed).pngPath!);
    expect(url).toMatch(/^https?:\/\/[^/]+\/t\/[\w-]+$/);
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(url!);
    expect(await phone.getByTestId('number').innerText()).toBe(number);
    await phone.close();
    const before = await aheadOnScreen();
    expect(before).toBeGreaterThanOrEqual(1);
    findings.push(...(await audit(page, 'real-ticket')));

    await agent.post(`/api/v1/tickets/${ahead.id}/call`);
    await page
      .getByTestId('ticket-ahead')
      .filter({ hasText: `${before - 1}` })
      .waitFor({ timeout: 10_000 });
    expect(await aheadOnScreen()).toBe(before - 1);

    // A second request for the same item reprints the existing ticket.
    await tap('ticket-done');
    await placeCard(WANG);
    await tap('tile-take');
    await tap('take-item-JZZ');
    await tap('confirm-take');
    await page.getByTestId('ticket-reprint').waitFor();
    expect(await page.getByTestId('ticket-number').innerText()).toBe(number);
    await removeCard();
  });

  it('a printer out of paper is known before issuing and said so; the number is taken on screen with a QR', async () => {
    await open();
    const waiting = async () =>
      (
        await admin.get<{ tickets: Ticket[] }>(
          `/api/v1/tickets?centreId=${CENTRE}&itemId=i-jydj&status=waiting`,
        )
      ).tickets;
    const before = { waiting: (await waiting()).length, printed: stack.printerSim.tickets.length };
    stack.printerSim.setPaper('out');
    try {
      await placeCard(LI);
      await tap('tile-take');
      await tap('take-item-JYDJ');
      const warning = page.getByTestId('printer-warning');
      await warning.waitFor({ timeout: 10_000 });
      expect(await warning.innerText()).toContain('缺纸');
      expect(await warning.innerText()).toContain('out of paper');
      const take = page.getByTestId('confirm-take');
      expect(await take.innerText()).toContain('在屏幕上取号');
      expect(await take.innerText()).toContain('Take the number on screen');
      await page.screenshot({ path: `${SHOTS}/kiosk-real-paper-out.png` });
      await tap('confirm-take');
      // Issued for the screen only: the number, large, with its QR, and said not to be printed.
      const notice = page.getByTestId('ticket-not-printed');
      await notice.waitFor({ timeout: 10_000 });
      expect(await notice.getAttribute('data-screen-only')).toBe('true');
      expect(await notice.innerText()).toContain('凭条未打印');
      expect(await notice.innerText()).toContain('No paper ticket was printed');
      await page.getByTestId('ticket-qr').waitFor({ timeout: 10_000 });
      const number = await page.getByTestId('ticket-number').innerText();
      expect(number).toMatch(/^[A-Z]\d{3}$/);
      findings.push(...(await audit(page, 'real-ticket-screen-only')));
      // Central has the ticket (not a ghost: it is on the screen and the phone), reported not printed.
      let mine: Ticket | undefined;
      for (let i = 0; i < 50 && mine?.printStatus !== 'not_printed'; i++) {
        if (i) await new Promise((r) => setTimeout(r, 100));
        mine = (await waiting()).find((t) => t.number === number);
      }
      expect(mine?.printStatus).toBe('not_printed');
      expect((await waiting()).length).toBe(before.waiting + 1);
      expect(stack.printerSim.tickets.length).toBe(before.printed);
      await removeCard();
    } finally {
      stack.printerSim.setPaper('ok');
    }
  });

  it("appointment check-in: the card's appointments are listed; too early says from when, an open one checks in and prints, none found offers booking", async () => {
    const wangId = stack.idcardSim.cards[WANG.card]!.fields.idNumber;
    const bookAt = async (start: number) => {
      const slotId = `sl-e2e-${start}`;
      await stack
        .central()
        .db.run(
          'INSERT INTO slots (id, centre_id, item_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?, ?, 4)',
          [slotId, CENTRE, 'i-sbk', start, start + 3600_000],
        );
      // Booked through the API by staff (another channel), not at this kiosk.
      return admin.post<{ code: string; startsAt: string }>('/api/v1/appointments', {
        slotId,
        idNumber: wangId,
      });
    };
    // The kiosk says times in the centre's zone (Asia/Shanghai, UTC+8), whatever the machine's zone.
    const hhmm = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(11, 16);
    // The demo's slots are at fixed hours; this one starts three hours from now.
    const laterStart = Date.now() + 3 * 3600_000;
    const later = await bookAt(laterStart);
    await open();
    await placeCard(WANG);
    await tap('tile-check-in');
    const laterRow = page.getByTestId(`appt-${later.code}`);
    await laterRow.waitFor({ timeout: 10_000 });
    expect(await laterRow.getAttribute('data-state')).toBe('early');
    expect(await laterRow.getByTestId('appt-early').innerText()).toContain(hhmm(laterStart - 30 * 60_000));
    expect(await laterRow.getByTestId('appt-check-in').count()).toBe(0);
    findings.push(...(await audit(page, 'real-appointment-early')));
    await removeCard();

    const soon = await bookAt(Date.now() + 10 * 60_000);
    const printed = stack.printerSim.nextTicket(15_000);
    await placeCard(WANG);
    await tap('tile-check-in');
    const soonRow = page.getByTestId(`appt-${soon.code}`);
    await soonRow.waitFor({ timeout: 10_000 });
    expect(await soonRow.getAttribute('data-state')).toBe('open');
    await page.getByTestId(`appt-${later.code}`).waitFor(); // both are listed
    findings.push(...(await audit(page, 'real-appointment-list')));
    await soonRow.getByTestId('appt-check-in').click();
    const number = await page.getByTestId('ticket-number').innerText();
    await page.getByTestId('ticket-printed').waitFor();
    expect((await printed).transcript).toContain(number);
    const checkedIn = await admin.get<{ appointments: Array<{ code: string; status: string }> }>(
      `/api/v1/appointments?centreId=${CENTRE}&day=${shanghaiDay(soon.startsAt)}`,
    );
    expect(checkedIn.appointments.find((a) => a.code === soon.code)?.status).toBe('checked_in');
    await removeCard();

    // Back again: the checked-in one says so.
    await placeCard(WANG);
    await tap('tile-check-in');
    await page.getByTestId(`appt-${soon.code}`).getByTestId('appt-checked-in').waitFor({ timeout: 10_000 });
    await removeCard();

    await placeCard(LI);
    await tap('tile-check-in');
    await page.getByTestId('appt-none').waitFor({ timeout: 10_000 });
    await tap('appt-book');
    await page.getByTestId('book-items').waitFor();
    await removeCard();
  });

  it('booking shows free slots for the next days and confirms with a code', async () => {
    await open();
    await placeCard(LI);
    await tap('tile-book');
    await tap('book-item-JZZ');
    await page.getByTestId('slot').first().waitFor({ timeout: 10_000 });
    await tap('slot');
    await tap('book-confirm');
    const booked = page.getByTestId('booked');
    await booked.waitFor();
    const text = await booked.innerText();
    expect(text).toMatch(/预约码：[A-Z0-9]{4,}/);
    // It says when to check in: from 30 minutes before to 15 minutes after the start (central's setting).
    const [, h, m] = /(\d{2}):(\d{2})–/.exec(text)!;
    const at = (delta: number) => {
      const t = Number(h) * 60 + Number(m) + delta;
      return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
    };
    expect(text).toContain(`请在 ${at(-30)} 至 ${at(15)} 之间`);
    await removeCard();
  });

  it('manual entry with a wrong check digit is refused; a valid number identifies', async () => {
    await open();
    await tap('tile-take');
    await tap('manual-entry');
    const wrong = '310115198503120019'.slice(0, 17) + '9';
    for (const k of wrong) await tap(`key-${k}`);
    expect(await page.getByTestId('key-ok').isDisabled()).toBe(true);
    expect(await page.getByTestId('entry-state').innerText()).toContain('校验位不正确');
    await page.screenshot({ path: `${SHOTS}/kiosk-real-wrong-check-digit.png` });
    for (let i = 0; i < 18; i++) await tap('key-del');
    for (const k of stack.idcardSim.cards[WANG.card]!.fields.idNumber) await tap(`key-${k}`);
    await tap('key-ok');
    await page.getByTestId('take-items').waitFor();
    await tap('home');
  });

  it('inactivity shows a countdown, then wipes the name from the page', async () => {
    Object.assign(stack.host.config, { idleTimeoutSec: 2, countdownSec: 3 });
    await open();
    await placeCard(LI);
    await tap('tile-guide');
    await page.getByTestId('idle-overlay').waitFor({ timeout: 6000 });
    await page.screenshot({ path: `${SHOTS}/kiosk-real-idle.png` });
    await page.getByTestId('idle-overlay').waitFor({ state: 'detached', timeout: 8000 });
    await page.getByTestId('tile-take').waitFor();
    expect(await page.content()).not.toContain(LI.name);
    await clearReader();
    Object.assign(stack.host.config, { idleTimeoutSec: 600, countdownSec: 3 });
  });

  it('technician mode opens with the corner gesture and the PIN, and prints a test page', async () => {
    await open();
    for (let i = 0; i < 5; i++) await tap('tech-corner');
    for (const k of '123456') await tap(`pin-${k}`);
    await tap('pin-ok');
    await page.getByTestId('tech-version').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('tech-printer').innerText()).toContain('ok');
    const printed = stack.printerSim.nextTicket(15_000);
    await tap('tech-test-print');
    await page.getByTestId('tech-result').waitFor({ timeout: 15_000 });
    expect((await printed).transcript.length).toBeGreaterThan(0);
    findings.push(...(await audit(page, 'real-technician')));
    await tap('home');
  });

  it('both languages and elder mode, with screenshots; no serious accessibility finding', async () => {
    await open();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('tile-take').filter({ hasText: 'Take a number' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/kiosk-real-start-en.png` });
    await page.getByRole('button', { name: 'Elder mode' }).click();
    await tap('tile-guide');
    await page.getByTestId('guide-search').fill('jzz');
    await page.getByTestId('guide-item-JZZ').waitFor();
    await tap('guide-item-JZZ');
    await page.getByTestId('materials').waitFor();
    findings.push(...(await audit(page, 'real-guide-en-elder')));
    await tap('print-materials');
    await page.getByTestId('materials-printed').waitFor({ timeout: 10_000 });
    const box = await page.getByTestId('print-materials').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(72);
    expect(findings).toEqual([]);
  });
});
