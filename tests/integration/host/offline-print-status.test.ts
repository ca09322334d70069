import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';
import { nextEvent } from './events';
import { staffTickets } from './central-staff';

// Offline window tickets reach central with whether their paper came out, so agents never see a
// "printed" ticket the resident only holds on screen: the kiosk host (real printer simulator, real
// central stopped and restarted) uploads each with its print status, and a later reprint is reported.

let stack: KioskStack;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
});
afterAll(async () => {
  stack?.printerSim.setPaper('ok');
  await stack?.close();
});

async function person(card: number): Promise<void> {
  const identity = nextEvent(stack.host, 'identity');
  stack.idcardSim.placeCard(card);
  await identity;
}
async function leave(): Promise<void> {
  const removed = nextEvent(stack.host, 'card.removed');
  stack.idcardSim.removeCard();
  await removed;
}

describe('offline tickets and their print status', () => {
  it('screen-only, printed, and screen-only then reprinted: central keeps what the resident holds', async () => {
    await person(0);
    const offline = nextEvent(stack.host, 'link', (e) => !e.status.online);
    await stack.stopCentral();
    await offline;

    // Out of paper: the resident takes the number on screen.
    stack.printerSim.setPaper('out');
    const onScreen = await stack.host.call('tickets.issue', {
      itemId: 'i-jzz',
      channel: 'window',
      screenOnly: true,
    });
    expect(onScreen).toMatchObject({ offline: true, print: { printed: false } });
    expect(onScreen.ticket.printStatus).toBe('not_printed');
    await leave();

    // Paper back: a printed one.
    stack.printerSim.setPaper('ok');
    await person(1);
    const onPaper = await stack.host.call('tickets.issue', { itemId: 'i-jzz', channel: 'window' });
    expect(onPaper).toMatchObject({ offline: true, print: { printed: true } });

    // Screen only first, then the same resident asks again once there is paper: a reprint.
    stack.printerSim.setPaper('out');
    const later = await stack.host.call('tickets.issue', {
      itemId: 'i-sbk',
      channel: 'window',
      screenOnly: true,
    });
    expect(later.ticket.printStatus).toBe('not_printed');
    // The reprint asks the printer first: waited for until the host has seen the paper back.
    const ready = nextEvent(stack.host, 'devices', (e) => e.status.canPrint);
    stack.printerSim.setPaper('ok');
    await ready;
    const paper = stack.printerSim.nextTicket(15_000);
    const again = await stack.host.call('tickets.issue', { itemId: 'i-sbk', channel: 'window' });
    expect(again).toMatchObject({ offline: true, print: { printed: true }, ticket: { reprint: true } });
    expect((await paper).transcript).toContain(later.ticket.number);
    await leave();
    expect((await stack.host.call('link.status', {})).outboxDepth).toBe(3); // one upload per ticket

    await stack.startCentral();
    for (let round = 0; round < 5 && (await stack.host.call('link.status', {})).outboxDepth > 0; round++) {
      await stack.host.syncNow();
    }
    expect((await stack.host.call('link.status', {})).outboxDepth).toBe(0);

    const central = [
      ...(await staffTickets(stack.centralUrl, 'c-zhangjiang', 'i-jzz')),
      ...(await staffTickets(stack.centralUrl, 'c-zhangjiang', 'i-sbk')),
    ];
    const statusOf = (n: string) => {
      const same = central.filter((t) => t.number === n && t.offline);
      expect(same, n).toHaveLength(1);
      return same[0]!.printStatus;
    };
    expect(statusOf(onScreen.ticket.number)).toBe('not_printed');
    expect(statusOf(onPaper.ticket.number)).toBe('printed');
    expect(statusOf(later.ticket.number)).toBe('printed'); // uploaded as not_printed, then the reprint
  });
});
