import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type KioskClient, startTestCentral, type TestCentral } from '../central/harness';
import { activeCase, SignalReader } from './video-harness';

// The case-scoped relay: only the case's agent and kiosk receive its messages, and nobody else can
// inject into it (another agent of the same centre, another station's kiosk, or the kiosk sending
// what only an agent may).

describe('video signaling authorization', () => {
  let c: TestCentral;
  let kioskA: KioskClient;
  let kioskB: KioskClient;
  let agent1: Client & { id: string };
  let agent2: Client & { id: string };
  const readers: SignalReader[] = [];
  const open = async (headers: Record<string, string>) => {
    const r = await SignalReader.open(c.url, headers);
    readers.push(r);
    return r;
  };

  beforeAll(async () => {
    c = await startTestCentral('sqlite');
    kioskA = await c.kiosk('s-zhangjiang-1');
    kioskB = await c.kiosk('s-zhangjiang-2');
    agent1 = await c.staff('agent1');
    agent2 = await c.staff('agent2');
  });
  afterAll(async () => {
    readers.forEach((r) => r.close());
    await c?.close();
  });

  it('closes a socket without credentials before saying hello', async () => {
    const ws = new WebSocket(`${c.url.replace('http', 'ws')}/api/v1/video/ws`);
    const got: string[] = [];
    ws.on('message', (d) => got.push(String(d)));
    const code = await new Promise<number>((resolve) => ws.on('close', (n) => resolve(n)));
    expect(code).toBe(4401);
    expect(got).toEqual([]);
  });

  it('relays a case only between its agent and its kiosk', async () => {
    const sA = await open(kioskA.auth());
    const sB = await open(kioskB.auth());
    const s1 = await open(agent1.auth());
    const s2 = await open(agent2.auth());
    const { case: vc } = await activeCase(c, kioskA, agent1);

    // Both parties hear the case change; the others do not.
    await sA.waitFor((m) => m.type === 'case' && m.case.id === vc.id && m.case.status === 'active');
    await s1.waitFor((m) => m.type === 'case' && m.case.id === vc.id && m.case.status === 'active');

    s1.send({ type: 'relay', caseId: vc.id, body: { kind: 'sdp', type: 'offer', sdp: 'v=0 agent-offer' } });
    const atKiosk = await sA.waitFor((m) => m.type === 'relay');
    expect(atKiosk).toMatchObject({ caseId: vc.id, from: 'agent', body: { sdp: 'v=0 agent-offer' } });
    sA.send({ type: 'relay', caseId: vc.id, body: { kind: 'sdp', type: 'answer', sdp: 'v=0 kiosk-answer' } });
    await s1.waitFor((m) => m.type === 'relay' && m.body.kind === 'sdp' && m.body.sdp === 'v=0 kiosk-answer');

    // Injection attempts are refused with an error to the sender and reach nobody.
    s2.send({ type: 'relay', caseId: vc.id, body: { kind: 'sdp', type: 'offer', sdp: 'v=0 intruder' } });
    sB.send({
      type: 'relay',
      caseId: vc.id,
      body: { kind: 'ice', candidate: 'candidate:evil', sdpMid: '0', sdpMLineIndex: 0 },
    });
    sA.send({ type: 'relay', caseId: vc.id, body: { kind: 'push', push: { kind: 'clear' } } });
    expect(await s2.waitFor((m) => m.type === 'error')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await sB.waitFor((m) => m.type === 'error')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await sA.waitFor((m) => m.type === 'error')).toMatchObject({ code: 'FORBIDDEN' });

    // A last legitimate message proves the channel still works and nothing foreign slipped through first.
    s1.send({ type: 'relay', caseId: vc.id, body: { kind: 'hangup' } });
    await sA.waitFor((m) => m.type === 'relay' && m.body.kind === 'hangup');
    const kioskRelays = sA.messages.filter((m) => m.type === 'relay');
    expect(kioskRelays.map((m) => m.type === 'relay' && m.body.kind)).toEqual(['sdp', 'hangup']);
    const agentRelays = s1.messages.filter((m) => m.type === 'relay');
    expect(agentRelays).toHaveLength(1);
    expect(sB.messages.some((m) => m.type === 'relay' || m.type === 'case')).toBe(false);
    expect(s2.messages.some((m) => m.type === 'relay' || m.type === 'case')).toBe(false);
  });

  it('keeps the case, its identity and its documents from other agents and kiosks', async () => {
    const { case: vc } = await activeCase(c, kioskA, agent1);
    expect((await agent2.get(`/api/v1/video/cases/${vc.id}`)).status).toBe(403);
    expect((await agent2.get(`/api/v1/video/cases/${vc.id}/identity`)).status).toBe(403);
    expect((await kioskB.get(`/api/v1/video/cases/${vc.id}`)).status).toBe(403);
    expect((await kioskB.post(`/api/v1/video/cases/${vc.id}/accept`, {})).status).toBe(403);
    const doc = { kind: 'photo', mime: 'image/png', width: 1, height: 1, dataBase64: 'iVBORw0KGgo=' };
    expect((await kioskB.post(`/api/v1/video/cases/${vc.id}/documents`, doc)).status).toBe(403);
    expect((await agent1.get(`/api/v1/video/cases/${vc.id}`)).status).toBe(200);
  });

  it('lets only the agent who called a ticket open its case', async () => {
    const t = await kioskA.post('/api/v1/tickets', {
      itemId: 'i-flzx',
      channel: 'video',
      idNumber: '11010519491231002X',
    });
    expect(t.status).toBe(201);
    const r = await agent2.post('/api/v1/video/cases', { ticketId: t.body.id });
    expect(r.status).toBe(403);
  });
});
