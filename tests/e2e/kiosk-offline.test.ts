import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Ticket } from '../../contract/ticket';
import { launchChromium } from '../helpers/chromium';
import { startKioskStack, type KioskStack } from '../helpers/kiosk-stack';
import { SHOTS } from './kiosk-audit';
import { signIn } from '../helpers/staff';

// Offline is normal (architecture decision 3): with the central service stopped the kiosk says so,
// still issues window tickets from its leased number blocks, explains what needs central, and after
// the restart every offline ticket exists centrally exactly once.

const CENTRE = 'c-zhangjiang';
const PEOPLE = [
  { card: 0, name: '王小明' },
  { card: 1, name: '李秀英' },
];

describe('kiosk offline (central stopped and restarted)', () => {
  let stack: KioskStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startKioskStack({ headless: true });
    await stack.host.syncNow(); // number blocks leased while online
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
    await page.goto(stack.kioskUrl);
    await page.getByTestId('tile-take').waitFor({ timeout: 20_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const tap = (id: string) => page.getByTestId(id).first().click();
  async function cardRemoved(): Promise<void> {
    await new Promise<void>((resolve) => {
      const stop = stack.host.subscribe((e) => {
        if (e.type === 'card.removed') {
          stop();
          resolve();
        }
      });
      stack.idcardSim.removeCard();
    });
  }

  it('issues two window tickets offline that exist exactly once centrally after the restart', async () => {
    await stack.stopCentral();
    await page.getByTestId('offline-banner').waitFor({ timeout: 30_000 });

    await tap('tile-video');
    await page.getByTestId('needs-central').waitFor();
    await page.screenshot({ path: `${SHOTS}/kiosk-real-offline.png` });

    const numbers: string[] = [];
    for (const who of PEOPLE) {
      stack.idcardSim.placeCard(who.card);
      await page.getByTestId('greeting').filter({ hasText: who.name }).waitFor({ timeout: 5000 });
      await tap('tile-take');
      await tap('take-item-JZZ');
      const printed = stack.printerSim.nextTicket(15_000);
      await tap('confirm-take');
      await page.getByTestId('ticket-offline').waitFor({ timeout: 10_000 });
      const number = await page.getByTestId('ticket-number').innerText();
      expect((await printed).transcript).toContain(number);
      numbers.push(number);
      await tap('ticket-done');
      await cardRemoved();
    }
    expect(new Set(numbers).size).toBe(2);

    await stack.startCentral();
    await stack.host.syncNow();
    await stack.host.syncNow(); // a second replay must not duplicate anything
    await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 30_000 });

    const admin = await signIn(stack.centralUrl, 'admin');
    const { tickets } = await admin.get<{ tickets: Ticket[] }>(
      `/api/v1/tickets?centreId=${CENTRE}&itemId=i-jzz`,
    );
    for (const n of numbers)
      expect(
        tickets.filter((t) => t.number === n),
        n,
      ).toHaveLength(1);
  });
});
