import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';
import { codeOf, nextEvent } from './events';
import { staffTickets } from './central-staff';

// Offline is normal (architecture decision 3): with central stopped, window tickets come from the
// leased number block and wait in the outbox; when central returns, the outbox replays and each
// ticket exists exactly once centrally. Anything that needs central says so (UNAVAILABLE).

let stack: KioskStack;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
});
afterAll(async () => {
  await stack?.close();
});

describe('kiosk host offline', () => {
  it('central stopped → two offline window tickets → restarted → both exist exactly once centrally', async () => {
    // Numbers are leased while online, at enrollment.
    const identity = nextEvent(stack.host, 'identity');
    stack.idcardSim.placeCard(0);
    await identity;

    const offline = nextEvent(stack.host, 'link', (e) => !e.status.online);
    await stack.stopCentral();
    await offline;

    const a = await stack.host.call('tickets.issue', { itemId: 'i-jzz', channel: 'window' });
    const removed = nextEvent(stack.host, 'card.removed');
    stack.idcardSim.removeCard();
    await removed;
    const next = nextEvent(stack.host, 'identity');
    stack.idcardSim.placeCard(1);
    await next;
    const b = await stack.host.call('tickets.issue', { itemId: 'i-jzz', channel: 'window' });

    for (const r of [a, b]) {
      expect(r.offline).toBe(true);
      expect(r.print.printed).toBe(true);
    }
    expect(a.ticket.number).not.toBe(b.ticket.number);
    expect((await stack.host.call('link.status', {})).outboxDepth).toBe(2);
    // Video help needs central: it says so instead of pretending.
    expect(await codeOf(stack.host.call('tickets.issue', { itemId: 'i-flzx', channel: 'video' }))).toBe(
      'UNAVAILABLE',
    );

    await stack.startCentral();
    // Each round replays the outbox; accepting an upload queues its print status for the next one.
    for (let round = 0; round < 5 && (await stack.host.call('link.status', {})).outboxDepth > 0; round++) {
      await stack.host.syncNow();
    }
    expect((await stack.host.call('link.status', {})).outboxDepth).toBe(0);

    const central = await staffTickets(stack.centralUrl, 'c-zhangjiang', 'i-jzz');
    for (const n of [a.ticket.number, b.ticket.number]) {
      const same = central.filter((t) => t.number === n && t.serviceDay === a.ticket.serviceDay);
      expect(same, n).toHaveLength(1);
      expect(same[0]!.offline, n).toBe(true);
      expect(same[0]!.printStatus, n).toBe('printed');
    }
    // The kiosk now answers for the offline ticket with central's live status.
    const live = await stack.host.call('tickets.get', { ticketId: a.ticket.id });
    expect(live).toMatchObject({ id: a.ticket.id, number: a.ticket.number, status: 'waiting' });
    expect(live.waitingAhead).not.toBeNull();
  });
});
