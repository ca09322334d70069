import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  type KioskClient,
  startTestCentral,
  stopPostgres,
  type TestCentral,
} from '../central/harness';
import { activeCase, ManualTimers } from './video-harness';

// Where a resident follows a video case: the QR on the 回执 opens the ticket's phone page, which
// names the case (受理编号) and, once the agent finished it, the outcome — nothing personal.

afterAll(stopPostgres);

describe('the phone page of a video case', () => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client & { id: string };
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { videoTimers: new ManualTimers() });
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
  });
  afterAll(() => c?.close());

  it('shows the case number and, once finished, the outcome; the case links to it', async () => {
    const r = await activeCase(c, kiosk, agent);
    const finished = await agent.post(`/api/v1/video/cases/${r.case.id}/finish`, {
      outcome: 'more_materials',
      missingMaterials: [{ zh: '户口簿', en: 'Household register' }],
    });
    expect(finished.status).toBe(200);
    expect(finished.body.statusUrl).toMatch(new RegExp(`^https?://.+/t/${r.ticket.id}$`));
    await agent.post(`/api/v1/tickets/${r.ticket.id}/finish`, { outcome: 'more_materials' });

    const status = await fetch(`${c.url}/api/v1/public/tickets/${r.ticket.id}`);
    expect(await status.json()).toMatchObject({
      status: 'done',
      outcome: 'more_materials',
      caseNumber: r.case.caseNumber,
    });
    const page = await (await fetch(`${c.url}/t/${r.ticket.id}`)).text();
    expect(page).toContain(r.case.caseNumber);
    expect(page).toContain('补充材料后再办');
    expect(page).toContain('Come back with materials');
    expect(page).not.toContain('张三');
  });
});
