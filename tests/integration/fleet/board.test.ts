import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicBoard } from '../../../contract/fleet';
import { type TestCentral, idNumber, startTestCentral } from '../central/harness';

// The hall display's public board over real HTTP: no login, today's calls newest first with where to
// go, waiting counts, and nothing that identifies a resident or an agent.

describe('public hall board', () => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { listen: false });
  });
  afterAll(() => c?.close());

  it('shows a called ticket and the waiting count without a login, and nothing personal', async () => {
    const kiosk = await c.kiosk('s-zhangjiang-1');
    const resident = idNumber('19500101', 42);
    const first = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: resident,
      name: '张三',
    });
    const second = await kiosk.post('/api/v1/tickets', {
      itemId: 'i-jzz',
      channel: 'window',
      idNumber: idNumber('19900101', 43),
    });
    expect([first.status, second.status]).toEqual([201, 201]);

    const agent = await c.staff('agent1');
    expect((await agent.post('/api/v1/agents/me/resume', { centreId: 'c-zhangjiang' })).status).toBe(200);
    const called = await agent.post('/api/v1/agents/me/call-next', { centreId: 'c-zhangjiang' });
    expect(called.status).toBe(200);
    const number = called.body.ticket.number as string;

    const r = await c.anon.get('/api/v1/public/centres/c-zhangjiang/board');
    expect(r.status).toBe(200);
    const board = PublicBoard.parse(r.body);
    expect(board.centreName).toEqual({ zh: expect.stringContaining('张江'), en: expect.any(String) });
    expect(board.calls[0]).toMatchObject({ number, channel: 'window', destination: { kind: 'window' } });
    const queue = board.queues.find((q) => q.itemId === 'i-jzz' && q.channel === 'window');
    expect(queue?.waiting).toBe(1);

    const text = JSON.stringify(r.body);
    for (const secret of [resident, '****', '张三', first.body.id, second.body.id, agent.id]) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers 404 for a centre that does not exist', async () => {
    const r = await c.anon.get('/api/v1/public/centres/c-nowhere/board');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });
});
