import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';
import { signIn } from '../../helpers/staff';
import { codeOf, nextEvent } from './events';

// appointments.mine on the real host and central: the card's resident's appointments (booked through
// the API, not at this kiosk) come back with their check-in windows, the ID number never reaches the
// renderer or the kiosk's disk, one checks in and prints; offline the lookup says UNAVAILABLE.

let stack: KioskStack;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
});
afterAll(async () => {
  await stack?.close();
});

/** Every file under dir, as bytes (the store's SQLite files included). */
function filesUnder(dir: string): Array<{ path: string; bytes: Buffer }> {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, bytes: readFileSync(path) }];
  });
}

describe('kiosk host: the resident’s appointments', () => {
  it('lists the card’s appointments with their windows, checks one in, and keeps the number off disk', async () => {
    const card = stack.idcardSim.cards[0]!;
    const admin = await signIn(stack.centralUrl, 'admin');
    const book = async (start: number) => {
      const slotId = `sl-host-${start}`;
      await stack
        .central()
        .db.run(
          'INSERT INTO slots (id, centre_id, item_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?, ?, 4)',
          [slotId, 'c-zhangjiang', 'i-ybdj', start, start + 3600_000],
        );
      return admin.post<{ id: string; code: string }>('/api/v1/appointments', {
        slotId,
        idNumber: card.fields.idNumber,
      });
    };
    const soon = await book(Date.now() + 5 * 60_000);
    const later = await book(Date.now() + 2 * 3600_000);

    expect(await codeOf(stack.host.call('appointments.mine', {}))).toBe('NO_IDENTITY');
    const identity = nextEvent(stack.host, 'identity');
    stack.idcardSim.placeCard(0);
    await identity;
    const mine = await stack.host.call('appointments.mine', {});
    expect(mine.appointments.map((a) => [a.id, a.checkIn.state])).toEqual([
      [soon.id, 'open'],
      [later.id, 'early'],
    ]);
    expect(JSON.stringify(mine)).not.toContain(card.fields.idNumber);

    const printed = stack.printerSim.nextTicket(15_000);
    const result = await stack.host.call('appointments.checkIn', { appointmentId: soon.id });
    expect(result.ticket.priority).toBe('appointment');
    expect((await printed).transcript).toContain(result.ticket.number);
    const after = await stack.host.call('appointments.mine', {});
    expect(after.appointments.find((a) => a.id === soon.id)).toMatchObject({
      status: 'checked_in',
      ticketId: result.ticket.id,
    });

    const kioskFiles = filesUnder(dirname(stack.printedDir));
    expect(kioskFiles.length).toBeGreaterThan(0);
    for (const f of kioskFiles) expect(f.bytes.includes(card.fields.idNumber), f.path).toBe(false);

    const offline = nextEvent(stack.host, 'link', (e) => !e.status.online);
    await stack.stopCentral();
    try {
      await offline;
      expect(await codeOf(stack.host.call('appointments.mine', {}))).toBe('UNAVAILABLE');
    } finally {
      await stack.startCentral();
    }
    const removed = nextEvent(stack.host, 'card.removed');
    stack.idcardSim.removeCard();
    await removed;
  });
});
