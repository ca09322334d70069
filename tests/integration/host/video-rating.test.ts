import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoCase } from '../../../contract/video';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';
import { signIn } from '../../helpers/staff';
import { codeOf, nextEvent } from './events';

// A resident rates a video case just as the network to central drops: the kiosk host keeps the
// rating in its outbox and says it was not delivered yet; the receipt still prints (from the case
// the signaling link last saw); when central is back the rating reaches it exactly once, whatever
// the resident (or a reloaded screen) submitted in between.

let stack: KioskStack;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
});
afterAll(async () => {
  await stack?.close();
});

const depth = async () => (await stack.host.call('link.status', {})).outboxDepth;

describe('a video rating while central is unreachable', () => {
  it('is kept, said to be pending, and reaches central exactly once when it returns', async () => {
    const { host } = stack;
    const identity = nextEvent(host, 'identity');
    stack.idcardSim.placeCard(0);
    await identity;
    await host.call('video.watch', {});
    const printedTicket = stack.printerSim.nextTicket(20_000);
    const { ticket } = await host.call('tickets.issue', { itemId: 'i-flzx', channel: 'video' });
    await printedTicket;

    const agent = await signIn(stack.centralUrl, 'agent1');
    await agent.post('/api/v1/agents/me/resume', { centreId: 'c-zhangjiang' });
    await agent.post(`/api/v1/tickets/${ticket.id}/call`, {});
    const opened = await agent.post<VideoCase>('/api/v1/video/cases', { ticketId: ticket.id });
    // The host's signaling link is up once it can relay (it refuses with UNAVAILABLE before).
    for (let i = 0; ; i++) {
      const code = await codeOf(host.call('video.signal', { caseId: opened.id, body: { kind: 'ready' } }));
      if (code === 'RESOLVED') break;
      expect(code).toBe('UNAVAILABLE');
      if (i > 100) throw new Error('the video link never came up');
      await new Promise((r) => setTimeout(r, 100));
    }
    await host.call('video.accept', { caseId: opened.id });
    await agent.post(`/api/v1/tickets/${ticket.id}/start`, {});
    const ended = nextEvent(
      host,
      'video',
      (e) =>
        e.message.type === 'case' && e.message.case.id === opened.id && e.message.case.status === 'ended',
    );
    await agent.post(`/api/v1/video/cases/${opened.id}/finish`, {
      outcome: 'more_materials',
      missingMaterials: [{ zh: '户口簿', en: 'Household register' }],
    });
    await ended;
    expect(await depth()).toBe(0);

    await stack.stopCentral();
    const rating = { caseId: opened.id, level: 2, reason: '等待时间太长' };
    expect(await host.call('video.rate', rating)).toEqual({ delivered: false });
    expect(await depth()).toBe(1);
    // Submitted again (a reloaded screen): still one rating waiting, not two.
    expect(await host.call('video.rate', rating)).toEqual({ delivered: false });
    expect(await depth()).toBe(1);

    // The receipt prints without central, from the ended case the signaling link saw.
    const printed = stack.printerSim.nextTicket(20_000);
    expect(await host.call('video.receipt', { caseId: opened.id })).toEqual({ printed: true, reason: null });
    const receipt = await printed;
    expect(receipt.transcript).toContain(opened.caseNumber);
    expect(receipt.transcript).toContain('户口簿');
    // When, where and by whom it was finished, and where the resident follows it: the case's phone page.
    expect(receipt.transcript).toMatch(/办结时间\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(receipt.transcript).toContain('经办人');
    expect(receipt.transcript).toContain('李帮办');
    expect(receipt.transcript).toMatch(new RegExp(`\\[QR \\w https?://[^\\]]+/t/${ticket.id}\\]`));
    expect(receipt.transcript).toContain('扫描二维码可随时查看办理进度');

    await stack.startCentral();
    for (let round = 0; round < 5 && (await depth()) > 0; round++) await host.syncNow();
    expect(await depth()).toBe(0);
    // A replay of the same rating (same key) changes nothing centrally and counts as delivered.
    expect(await host.call('video.rate', { ...rating, level: 1 })).toEqual({ delivered: true });
    await host.syncNow();

    const supervisor = await signIn(stack.centralUrl, 'supervisor');
    const { followUps } = await supervisor.get<{
      followUps: Array<{ caseNumber: string; level: number; reason: string }>;
    }>('/api/v1/video/follow-ups');
    expect(followUps.filter((f) => f.caseNumber === opened.caseNumber)).toEqual([
      expect.objectContaining({ level: 2, reason: '等待时间太长' }),
    ]);
    expect((await agent.get<VideoCase>(`/api/v1/video/cases/${opened.id}`)).rated).toBe(true);
  });
});
