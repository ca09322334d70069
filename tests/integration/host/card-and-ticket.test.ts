import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';
import { codeOf, nextEvent } from './events';
import type { Ticket } from '../../../contract/ticket';
import { staffTickets } from './central-staff';

// The kiosk host against the real central service, the real drivers over real PTYs and the device
// simulators: a card placed becomes an identity event without the ID number, a ticket is issued
// centrally and printed, an empty printer refuses before a number exists (or, asked for screen only,
// issues it as not_printed without printing), removing the card ends it.

let stack: KioskStack;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
});
afterAll(async () => {
  await stack?.close();
});

const transcripts = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');

describe('kiosk host with central and simulated devices', () => {
  it('turns a card placed on the reader into an identity event without the ID number', async () => {
    const card = stack.idcardSim.cards[0]!;
    const identity = nextEvent(stack.host, 'identity');
    const t0 = performance.now();
    stack.idcardSim.placeCard(0);
    const e = await identity;
    const ms = performance.now() - t0;
    expect(e.identity.source).toBe('card');
    expect(e.identity.name).toBe(card.fields.name);
    expect(e.identity.idMasked).toMatch(/^\d{6}\*+[\dX]{4}$/);
    expect(JSON.stringify(e)).not.toContain(card.fields.idNumber);
    expect(ms).toBeLessThan(1500);
  });

  it('issues a window ticket centrally, prints it, and reprints it on a second request', async () => {
    const before = await staffTickets(stack.centralUrl, 'c-zhangjiang', 'i-jzz');
    const paper = stack.printerSim.nextTicket(15_000);
    const first = await stack.host.call('tickets.issue', { itemId: 'i-jzz', channel: 'window' });
    expect(first.offline).toBe(false);
    expect(first.print).toEqual({ printed: true, reason: null });
    expect(first.ticket.number).toMatch(/^A\d{3}$/);
    expect((await paper).transcript).toContain(first.ticket.number);
    expect(transcripts(stack.printedDir)).toContain(first.ticket.number);

    const again = stack.printerSim.nextTicket(15_000);
    const second = await stack.host.call('tickets.issue', { itemId: 'i-jzz', channel: 'window' });
    expect(second.ticket.id).toBe(first.ticket.id);
    expect(second.ticket.reprint).toBe(true);
    expect((await again).transcript).toContain(first.ticket.number);
    const after = await staffTickets(stack.centralUrl, 'c-zhangjiang', 'i-jzz');
    expect(after.length).toBe(before.length + 1);
  });

  it('refuses a ticket before issuing when the printer is out of paper', async () => {
    stack.printerSim.setPaper('out');
    try {
      const before = await staffTickets(stack.centralUrl, 'c-zhangjiang');
      const code = await codeOf(stack.host.call('tickets.issue', { itemId: 'i-flzx', channel: 'video' }));
      expect(code).toBe('DEVICE_PAPER_OUT');
      const status = await stack.host.call('devices.status', {});
      expect(status.printer.state).toBe('paper_out');
      expect(status.canPrint).toBe(false);
      expect((await staffTickets(stack.centralUrl, 'c-zhangjiang')).length).toBe(before.length);
    } finally {
      stack.printerSim.setPaper('ok');
    }
  });

  it('out of paper, a screen-only ticket is issued centrally as not_printed and nothing is printed', async () => {
    stack.printerSim.setPaper('out');
    try {
      const printedBefore = stack.printerSim.tickets.length;
      const result = await stack.host.call('tickets.issue', {
        itemId: 'i-jydj',
        channel: 'window',
        screenOnly: true,
      });
      expect(result.offline).toBe(false);
      expect(result.print).toEqual({ printed: false, reason: 'DEVICE_PAPER_OUT' });
      expect(result.ticket.printStatus).toBe('not_printed');
      expect(result.ticket.statusUrl).toMatch(/^https?:\/\//);
      // The print status goes through the outbox: wait until central has it.
      let central: Ticket | undefined;
      for (let i = 0; i < 50; i++) {
        central = (await staffTickets(stack.centralUrl, 'c-zhangjiang', 'i-jydj')).find(
          (t) => t.id === result.ticket.id,
        );
        if (central?.printStatus === 'not_printed') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(central?.status).toBe('waiting');
      expect(central?.printStatus).toBe('not_printed');
      expect(stack.printerSim.tickets.length).toBe(printedBefore);
      expect(transcripts(stack.printedDir)).not.toContain(result.ticket.number);
    } finally {
      stack.printerSim.setPaper('ok');
    }
  });

  it('a reprint once paper is back tells the page and central that the resident now holds paper', async () => {
    stack.printerSim.setPaper('out');
    let issued;
    const ready = nextEvent(stack.host, 'devices', (e) => e.status.canPrint);
    try {
      issued = await stack.host.call('tickets.issue', {
        itemId: 'i-flzx',
        channel: 'video',
        screenOnly: true,
      });
      expect(issued.ticket.printStatus).toBe('not_printed');
    } finally {
      stack.printerSim.setPaper('ok');
    }
    await ready;
    const id = issued.ticket.id;
    const heard = nextEvent(stack.host, 'ticket', (e) => e.ticket.id === id);
    expect(await stack.host.call('tickets.reprint', { ticketId: id })).toMatchObject({ printed: true });
    expect((await heard).ticket.printStatus).toBe('printed'); // the open result screen updates
    // Reported through the outbox: bounded wait until central has it.
    let central: Ticket | undefined;
    for (let i = 0; i < 50 && central?.printStatus !== 'printed'; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      central = (await staffTickets(stack.centralUrl, 'c-zhangjiang', 'i-flzx')).find((t) => t.id === id);
    }
    expect(central?.printStatus).toBe('printed');
  });

  it('ends the session when the card is removed: the identity is gone', async () => {
    const removed = nextEvent(stack.host, 'card.removed');
    stack.idcardSim.removeCard();
    await removed;
    const code = await codeOf(stack.host.call('tickets.issue', { itemId: 'i-jzz', channel: 'window' }));
    expect(code).toBe('NO_IDENTITY');
  });

  it('tells a foreign permanent residence card to go to a window when central needs an ID number', async () => {
    const foreign = stack.idcardSim.cards.findIndex((c) => c.label.startsWith('foreign permanent'));
    const identity = nextEvent(stack.host, 'identity');
    stack.idcardSim.placeCard(foreign);
    expect((await identity).identity.cardType).toMatch(/^foreign_permanent/);
    const code = await codeOf(stack.host.call('tickets.issue', { itemId: 'i-jzz', channel: 'window' }));
    expect(code).toBe('CARD_NOT_ACCEPTED');
    const removed = nextEvent(stack.host, 'card.removed');
    stack.idcardSim.removeCard();
    await removed;
  });

  it('never writes the ID number to the local store or the log', () => {
    const card = stack.idcardSim.cards[0]!;
    const dir = stack.host.dataDir;
    for (const f of readdirSync(dir).filter((n) => n.startsWith('kiosk.'))) {
      expect(readFileSync(join(dir, f)).includes(card.fields.idNumber), f).toBe(false);
    }
    expect(readFileSync(stack.host.logger.file!, 'utf8')).not.toContain(card.fields.idNumber);
  });
});
