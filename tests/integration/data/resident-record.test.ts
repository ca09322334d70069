import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../../central/domain/time';
import { DBS, idNumber, type Json, startTestCentral, stopPostgres } from '../central/harness';

// A resident's own record on request, on SQLite and PostgreSQL: found by ID number, it holds every
// record of that resident and nothing of another; erasure waits for a coming appointment (and says
// so), then leaves no trace of the ID number or the name, and the audit shows who did it and why.

afterAll(stopPostgres);

const CENTRE = 'c-zhangjiang';
const MON = '2026-03-02';

describe.each(DBS)("a resident's own record on %s", (kind) => {
  it('exports everything held about one resident, and erases it on request', async () => {
    const c = await startTestCentral(kind);
    try {
      const ok = async (r: Promise<{ status: number; body: Json }>, status = 200) => {
        const res = await r;
        if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
      };
      c.clock.ms = shanghaiTime(MON, 9);
      const kiosk = await c.kiosk('s-zhangjiang-1');
      const agent = await c.staff('agent1');
      await ok(agent.post('/api/v1/agents/me/resume', { centreId: CENTRE }));
      const a = idNumber('19550101', 7);
      const b = idNumber('19550101', 8);
      const NAME = '赵甲乙';
      const REASON = '窗口态度不好QWV';

      // Resident A: a window visit, a video call with a poor rating, a booking for Thursday.
      const t1 = await ok(
        kiosk.post('/api/v1/tickets', { itemId: 'i-jzz', channel: 'window', idNumber: a, name: NAME }),
        201,
      );
      await ok(agent.post(`/api/v1/tickets/${t1.id}/call`, {}));
      await ok(agent.post(`/api/v1/tickets/${t1.id}/start`, {}));
      await ok(agent.get(`/api/v1/tickets/${t1.id}/resident`));
      await ok(agent.post(`/api/v1/tickets/${t1.id}/finish`, { outcome: 'done' }));
      const t2 = await ok(
        kiosk.post('/api/v1/tickets', { itemId: 'i-flzx', channel: 'video', idNumber: a }),
        201,
      );
      await ok(agent.post(`/api/v1/tickets/${t2.id}/call`, {}));
      const vc = await ok(agent.post('/api/v1/video/cases', { ticketId: t2.id }), 201);
      const identity = { name: NAME, idMasked: '310115********0000', age: 71, cardType: 'resident' };
      await ok(kiosk.post(`/api/v1/video/cases/${vc.id}/accept`, { identity }));
      await ok(agent.post(`/api/v1/tickets/${t2.id}/start`, {}));
      await ok(agent.post(`/api/v1/tickets/${t2.id}/finish`, { outcome: 'done' }));
      await ok(kiosk.post(`/api/v1/video/cases/${vc.id}/rating`, { level: 1, reason: REASON }), 201);
      const slots = (await ok(c.anon.get(`/api/v1/appointments/slots?centreId=${CENTRE}&itemId=i-sbk`)))
        .slots as Json[];
      const booking = await ok(kiosk.post('/api/v1/appointments', { slotId: slots[0].id, idNumber: a }), 201);
      // Resident B: one ticket.
      const tb = await ok(
        kiosk.post('/api/v1/tickets', { itemId: 'i-jzz', channel: 'window', idNumber: b }),
        201,
      );

      const supervisor = await c.staff('supervisor');
      const ask = { idNumber: a, reason: '居民申请查阅本人信息 resident request #12' };
      expect((await agent.post('/api/v1/admin/residents/record', ask)).status).toBe(403);
      expect((await supervisor.post('/api/v1/admin/residents/record', { idNumber: a })).status).toBe(400);
      const rec = await ok(supervisor.post('/api/v1/admin/residents/record', ask));
      expect(rec.found).toBe(true);
      expect(rec.resident).toMatchObject({
        name: NAME,
        idNumberMasked: `${a.slice(0, 6)}********${a.slice(-4)}`,
      });
      expect(rec.tickets.map((t: Json) => t.id).sort()).toEqual([t1.id, t2.id].sort());
      expect(rec.appointments.map((x: Json) => x.id)).toEqual([booking.id]);
      expect(rec.videoCases).toHaveLength(1);
      expect(rec.videoCases[0]).toMatchObject({
        id: vc.id,
        identityHeld: true,
        rating: { level: 1, reason: REASON },
      });
      expect(rec.audit.map((e: Json) => e.action)).toContain('resident.view_identity');
      expect(JSON.stringify(rec)).not.toContain(tb.id);

      const page = await supervisor.post('/api/v1/admin/residents/record?format=html', ask);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.body).toContain('个人信息记录 Personal data record');
      expect(page.body).toContain(t1.number);
      expect(page.body).not.toContain(tb.number);

      // Erasure: a district admin, confirming with the last four characters.
      const admin = await c.staff('admin');
      const erase = { ...ask, reason: '居民申请删除 erasure request #12', confirm: a.slice(-4) };
      expect((await supervisor.post('/api/v1/admin/residents/erase', erase)).status).toBe(403);
      expect((await admin.post('/api/v1/admin/residents/erase', { ...erase, confirm: '0000' })).status).toBe(
        400,
      );
      const db = c.central.db;
      const row = (await db.get<Json>('SELECT * FROM residents WHERE id_hash = ?', [
        c.central.ctx.pii.lookupHash(a),
      ]))!;
      const first = await ok(admin.post('/api/v1/admin/residents/erase', erase));
      expect(first.identityErased).toBe(false);
      expect(first.kept).toEqual([
        { kind: 'appointment', id: booking.id, why: 'the appointment is still to come' },
        { kind: 'followup', id: vc.id, why: 'the follow-up of the rating is still open' },
      ]);
      await ok(kiosk.post(`/api/v1/appointments/${booking.id}/cancel`, {}));
      const fu = ((await ok(supervisor.get('/api/v1/video/follow-ups'))).followUps as Json[])[0];
      await ok(supervisor.post(`/api/v1/video/follow-ups/${fu.id}/close`, { resolution: '已回访' }));
      const second = await ok(admin.post('/api/v1/admin/residents/erase', erase));
      expect(second).toMatchObject({ found: true, identityErased: true, kept: [] });
      expect(second.counts).toMatchObject({ tickets: 2, appointments: 1, videoCases: 1 });

      expect((await ok(supervisor.post('/api/v1/admin/residents/record', ask))).found).toBe(false);
      const bStill = await ok(supervisor.post('/api/v1/admin/residents/record', { ...ask, idNumber: b }));
      expect(bStill.tickets.map((t: Json) => t.id)).toEqual([tb.id]);
      const audit = (await ok(supervisor.get(`/api/v1/admin/audit?subjectId=${row.id}&limit=50`)))
        .entries as Json[];
      const erasures = audit.filter((e) => e.action === 'resident.erase');
      expect(erasures).toHaveLength(2);
      expect(erasures[0]).toMatchObject({ actorType: 'staff', actorId: admin.id });
      expect(erasures[0].detail.reason).toBe(erase.reason);

      if (kind === 'sqlite') {
        const files = ['central.db', 'central.db-wal'].map((f) => join(c.dataDir, f)).filter(existsSync);
        const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
        for (const gone of [row.id_enc, row.id_hash, row.name_enc, REASON]) {
          expect(
            bytes.includes(Buffer.from(gone as string)),
            `${String(gone).slice(0, 12)}… still in the files`,
          ).toBe(false);
        }
      }
    } finally {
      await c.close();
    }
  }, 120_000);
});
