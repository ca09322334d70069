import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';
import { Client, type Json } from '../central/harness';
import { nextEvent } from './events';

// Remote commands end to end (issue 14): a supervisor sends a command on central, the kiosk host gets
// it in its heartbeat answer and runs it on real devices — the PTY printer simulator prints the test
// page into printed/ — and the state and result come back to central. An expired command is never
// handed out, so a kiosk that was away never runs it late.

const A = 'c-zhangjiang';
let stack: KioskStack;
let supervisor: Client;

beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
  const r = await new Client(stack.centralUrl).post('/api/v1/auth/login', {
    username: 'supervisor',
    password: 'doorstep-demo',
  });
  const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
  supervisor = new Client(stack.centralUrl, { cookie, 'x-csrf-token': r.body.csrfToken as string });
});
afterAll(async () => {
  await stack?.close();
});

async function send(command: Json, ttlSec?: number): Promise<string> {
  const r = await supervisor.post('/api/v1/admin/commands', {
    target: { kind: 'station', id: 's-zhangjiang-1' },
    command,
    ...(ttlSec ? { ttlSec } : {}),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect(r.body.commands).toHaveLength(1);
  expect(r.body.commands[0].state).toBe('queued');
  return r.body.commands[0].id as string;
}

async function commandById(id: string): Promise<Json> {
  const r = await supervisor.get(`/api/v1/admin/commands?centreId=${A}`);
  return (r.body.commands as Json[]).find((c) => c.id === id);
}

/** Syncs the kiosk until the command is finished (each sync is one heartbeat; bounded). */
async function finished(id: string): Promise<Json> {
  for (let i = 0; i < 50; i++) {
    await stack.host.syncNow();
    const c = await commandById(id);
    if (['done', 'failed', 'expired'].includes(c.state as string)) return c;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`command ${id} did not finish`);
}

describe('remote commands to a kiosk', () => {
  it('prints a test page on the kiosk printer and reports done', async () => {
    const paper = stack.printerSim.nextTicket(20_000);
    const id = await send({ type: 'print-test-page' });
    const c = await finished(id);
    expect(c).toMatchObject({ state: 'done', result: { message: 'test page printed' } });
    expect(c.deliveredAt).not.toBeNull();
    const printed = await paper;
    expect(printed.transcript).toContain('打印测试');
    expect(
      readdirSync(stack.printedDir).some((f) =>
        readFileSync(join(stack.printedDir, f), 'utf8').includes('打印测试'),
      ),
    ).toBe(true);
  });

  it('never hands out a command past its expiry: nothing is printed, the state is expired', async () => {
    const id = await send({ type: 'print-test-page' }, 60);
    // The kiosk was away until after the expiry: move the expiry into the past before it next asks.
    await stack
      .central()
      .db.run('UPDATE kiosk_commands SET expires_at = ? WHERE id = ?', [Date.now() - 1000, id]);
    const before = stack.printerSim.tickets.length;
    await stack.host.syncNow();
    await stack.host.syncNow();
    expect((await commandById(id)).state).toBe('expired');
    expect(stack.printerSim.tickets.length).toBe(before);
  });

  it('uploads the log with ID numbers masked, and refuses a screenshot while a resident is there', async () => {
    const card = stack.idcardSim.cards[0]!;
    const identity = nextEvent(stack.host, 'identity');
    stack.idcardSim.placeCard(0);
    await identity;

    const shot = await finished(await send({ type: 'screenshot' }));
    expect(shot).toMatchObject({
      state: 'failed',
      result: { message: 'refused: a resident session is active' },
    });

    const logs = await finished(await send({ type: 'upload-logs' }));
    expect(logs.state).toBe('done');
    expect(logs.result.text).toContain('card placed');
    expect(logs.result.text).not.toContain(card.fields.idNumber);

    const removed = nextEvent(stack.host, 'card.removed');
    stack.idcardSim.removeCard();
    await removed;
  });

  it('reloads the kiosk page and changes the log level', async () => {
    const reload = nextEvent(stack.host, 'reload');
    const id = await send({ type: 'reload-page' });
    await finished(id);
    await reload;
    const level = await finished(await send({ type: 'set-log-level', level: 'debug' }));
    expect(level).toMatchObject({ state: 'done', result: { message: 'log level debug' } });
  });
});
