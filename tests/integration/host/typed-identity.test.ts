import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';
import { signIn } from '../../helpers/staff';
import { codeOf, nextEvent } from './events';
import type { KioskRequest } from '../../../contract/kiosk';

// "Typed identity is not a verified identity" (issue 11) on the real host and central: the host tells
// central what its own reader saw, whatever the page claims; after a typed number the page gets no
// list of that person's appointments (nor their codes); a card read is recorded as one, with its name.

let stack: KioskStack;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
});
afterAll(async () => {
  await stack?.close();
});

describe('kiosk host: a typed ID number', () => {
  it('is recorded as typed whatever the page claims, lists no appointments, and a card read is recorded as a card', async () => {
    const card = stack.idcardSim.cards[0]!;
    const admin = await signIn(stack.centralUrl, 'admin');
    const start = Date.now() + 5 * 60_000;
    await stack
      .central()
      .db.run(
        'INSERT INTO slots (id, centre_id, item_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?, ?, 4)',
        ['sl-typed-1', 'c-zhangjiang', 'i-ybdj', start, start + 3600_000],
      );
    const booked = await admin.post<{ id: string; code: string }>('/api/v1/appointments', {
      slotId: 'sl-typed-1',
      idNumber: card.fields.idNumber,
    });

    // Someone types the card holder's number (it is printed on many papers) …
    const typed = nextEvent(stack.host, 'identity');
    await stack.host.call('identity.manual', { idNumber: card.fields.idNumber });
    expect((await typed).identity.source).toBe('manual');

    // … and a page (modified, or a local attacker on the bridge) claims a card read and a name.
    const claim = {
      itemId: 'i-sbk',
      channel: 'window',
      screenOnly: true,
      identifiedBy: 'card',
      name: card.fields.name,
    } as unknown as KioskRequest<'tickets.issue'>;
    const issued = await stack.host.call('tickets.issue', claim);
    expect(issued.ticket.identifiedBy).toBe('typed');
    const central = stack.central();
    const hashes = central.ctx.pii.lookupHashes(card.fields.idNumber);
    const resident = await central.db.get<{ name_enc: string | null }>(
      `SELECT name_enc FROM residents WHERE id_hash IN (${hashes.map(() => '?').join(', ')})`,
      hashes,
    );
    expect(resident?.name_enc ?? null).toBeNull();

    // No list of the person's appointments, nor their codes, to whoever typed the number.
    expect(await codeOf(stack.host.call('appointments.mine', {}))).toBe('FORBIDDEN');

    // Checking in the appointment due now still works, unverified, and shows no code.
    const checkedIn = await stack.host.call('appointments.checkIn', { appointmentId: '' });
    expect(checkedIn.ticket).toMatchObject({ appointmentId: booked.id, identifiedBy: 'typed' });
    expect(JSON.stringify(checkedIn)).not.toContain(booked.code);

    await stack.host.call('session.end', {});

    // The card itself: recorded as a card read, its name kept, its appointments listed.
    const read = nextEvent(stack.host, 'identity', (e) => e.identity.source === 'card');
    stack.idcardSim.placeCard(0);
    await read;
    const byCard = await stack.host.call('tickets.issue', {
      itemId: 'i-jydj',
      channel: 'window',
      screenOnly: true,
    });
    expect(byCard.ticket.identifiedBy).toBe('card');
    const named = await central.db.get<{ name_enc: string | null }>(
      `SELECT name_enc FROM residents WHERE id_hash IN (${hashes.map(() => '?').join(', ')})`,
      hashes,
    );
    expect(central.ctx.pii.decrypt(named!.name_enc!)).toBe(card.fields.name);
    const mine = await stack.host.call('appointments.mine', {});
    expect(mine.appointments.map((a) => a.id)).toContain(booked.id);
  });
});
