import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../../central/domain/time';
import { DBS, type Json, startTestCentral, stopPostgres } from '../central/harness';
import { ok, residentFixture } from '../../helpers/resident-fixture';

// A resident's own record on request, on SQLite and PostgreSQL: found by ID number, it holds every
// record of that resident and nothing of another; erasure waits for a coming appointment (and says
// so), then leaves no trace of the ID number or the name, and the audit shows who did it and why.

afterAll(stopPostgres);

const MON = '2026-03-02';

describe.each(DBS)("a resident's own record on %s", (kind) => {
  it('exports everything held about one resident, and erases it on request', async () => {
    const c = await startTestCentral(kind);
    try {
      c.clock.ms = shanghaiTime(MON, 9);
      const NAME = '赵甲乙';
      const REASON = '窗口态度不好QWV';
      // Resident A: a window visit, a video call with a poor rating, a booking for Thursday; B: one ticket.
      const f = await residentFixture(c, { name: NAME, videoRating: REASON });
      const { kiosk, agent, a, b, t1, booking, tb } = f;
      const vc = f.video!.case;
      const t2 = f.video!.ticket;

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
        {
          kind: 'appointment',
          id: booking.id,
          why: 'the appointment is still to come',
          reason: 'appointment_to_come',
        },
        {
          kind: 'followup',
          id: vc.id,
          why: 'the follow-up of the rating is still open',
          reason: 'open_followup',
        },
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
