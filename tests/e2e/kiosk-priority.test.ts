import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Ticket } from '../../contract/ticket';
import { launchChromium } from '../helpers/chromium';
import { startKioskStack, type KioskStack } from '../helpers/kiosk-stack';
import { audit, type Finding } from './kiosk-audit';
import { signIn, type Staff } from '../helpers/staff';

// A resident claims priority service on the take-a-number confirmation (the reasons central offers,
// big buttons, a note that staff check the certificate); the ticket is issued with the claim, staff
// see why it has priority, and the paper says nothing about it. Chromium against the browser shell,
// the real central service and the ID card and printer simulators (tests/helpers/kiosk-stack.ts).

const WANG = { card: 0, name: '王小明' }; // simulator card 0, born 1985: no priority by age

describe('kiosk priority claim (real host, central, simulators)', () => {
  let stack: KioskStack;
  let browser: Browser;
  let page: Page;
  let agent: Staff;

  beforeAll(async () => {
    stack = await startKioskStack({ headless: true });
    browser = await launchChromium();
    agent = await signIn(stack.centralUrl, 'agent1');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('a resident claims disability priority; the ticket carries it for staff, not on paper', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
    await page.goto(stack.kioskUrl);
    await page.getByTestId('tile-take').waitFor({ timeout: 20_000 });
    stack.idcardSim.placeCard(WANG.card);
    await page.getByTestId('greeting').filter({ hasText: WANG.name }).waitFor({ timeout: 5000 });
    await page.getByTestId('tile-take').first().click();
    await page.getByTestId('take-item-JZZ').first().click();
    const choice = page.getByTestId('priority-choice');
    await choice.waitFor({ timeout: 10_000 });
    const text = await choice.innerText();
    for (const s of ['我需要优先办理', 'I need priority service', '残疾人证', '军官证、士兵证'])
      expect(text).toContain(s);
    // Optional: nothing chosen yet; the reasons are big buttons.
    expect(await page.getByTestId('priority-none').getAttribute('aria-pressed')).toBe('true');
    for (const id of ['priority-disability', 'priority-service_member']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(72);
    }
    await page.getByTestId('priority-disability').click();
    expect(await page.getByTestId('priority-disability').getAttribute('aria-pressed')).toBe('true');
    const findings: Finding[] = await audit(page, 'real-confirm-priority');
    expect(findings).toEqual([]);

    const printed = stack.printerSim.nextTicket(15_000);
    await page.getByTestId('confirm-take').click();
    const number = await page.getByTestId('ticket-number').innerText();
    await page.getByTestId('ticket-printed').waitFor();
    const paper = (await printed).transcript;
    expect(paper).toContain(number);
    for (const s of ['残疾', 'disab', 'Disab', '优先', 'riority']) expect(paper).not.toContain(s);

    // Staff see the claim on the waiting ticket.
    const list = await agent.get<{ tickets: Ticket[] }>(
      '/api/v1/tickets?centreId=c-zhangjiang&status=waiting',
    );
    const t = list.tickets.find((x) => x.number === number);
    expect(t).toMatchObject({ priority: 'priority', priorityReason: 'disability' });
  });
});
