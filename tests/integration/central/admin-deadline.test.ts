import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../../central/services/reports/working-days';
import { loadCalendar } from '../../../central/services/calendar';
import { DBS, type TestCentral, startTestCentral, stopPostgres } from './harness';

// 办理时限 (issue 12) on both databases: an item's promised and legal time limits become last working
// days through the district calendar — the National Day week (1-7 Oct 2026) is not counted and the
// make-up Saturday (10 Oct) is — for the console's current ticket and for the reports' overdue counts.

afterAll(stopPostgres);

describe.each(DBS)('time limits by the working-day calendar on %s', (kind) => {
  let c: TestCentral;
  beforeAll(async () => {
    // Wednesday 30 September 2026, 10:00 in Shanghai: the eve of National Day.
    c = await startTestCentral(kind, { listen: false, clock: () => new Date('2026-09-30T02:00:00Z') });
  });
  afterAll(() => c?.close());

  it('tells an agent a residence permit begun on 30 September is due on 15 October, legally on 27 October', async () => {
    const agent = await c.staff('agent1');
    const r = await agent.get('/api/v1/calendar/deadline?itemId=i-jzz');
    expect(r.status).toBe(200);
    // 居住证办理: promised 7, legal 15 working days; 8, 9, 10 (make-up Saturday), 12 … 15 October.
    expect(r.body).toEqual({
      itemId: 'i-jzz',
      from: '2026-09-30',
      promisedLimitDays: 7,
      legalLimitDays: 15,
      promisedDue: '2026-10-15',
      legalDue: '2026-10-27',
    });
    // Counted from the day the ticket was issued, not from today: 22-24, 28-30 September (the 25th is
    // 中秋 Mid-Autumn), then the National Day week, so the seventh working day is 8 October.
    const earlier = await agent.get(
      `/api/v1/calendar/deadline?itemId=i-jzz&from=${encodeURIComponent('2026-09-21T09:00:00+08:00')}`,
    );
    expect(earlier.body).toMatchObject({ from: '2026-09-21', promisedDue: '2026-10-08' });
  });

  it('answers bad input with a 4xx naming the field, and only to staff', async () => {
    const agent = await c.staff('agent1');
    const unknown = await agent.get('/api/v1/calendar/deadline?itemId=i-nothing');
    expect(unknown.status).toBe(404);
    const bad = await agent.get('/api/v1/calendar/deadline?itemId=i-jzz&from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('from');
    expect((await c.anon.get('/api/v1/calendar/deadline?itemId=i-jzz')).status).toBe(401);
    const kiosk = await c.kiosk('s-zhangjiang-1');
    expect((await kiosk.get('/api/v1/calendar/deadline?itemId=i-jzz')).status).toBe(403);
  });

  it("counts the reports' follow-up and time-limit deadlines on the same calendar", async () => {
    const cal = await loadCalendar(c.central.ctx.db);
    // A follow-up opened on 30 September: 15 working days end on 27 October, not on 21 October.
    expect(addWorkingDays('2026-09-30', 15, cal)).toBe('2026-10-27');
    expect(addWorkingDays('2026-09-30', 15)).toBe('2026-10-21'); // the bare Monday-Friday rule
  });
});
