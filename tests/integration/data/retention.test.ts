import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../../central/domain/time';
import { DBS, idNumber, type Json, startTestCentral, stopPostgres } from '../central/harness';
import { activeCase } from '../video/video-harness';

// The retention sweep with a controlled clock on SQLite and PostgreSQL: what is past its period is
// erased and nothing else, a second run finds nothing, the reports read the same figures before and
// after, and on SQLite the erased values are in neither the database file nor its WAL.

afterAll(stopPostgres);

const CENTRE = 'c-zhangjiang';
const MON = '2026-03-02';
const LATER = '2026-09-18'; // 200 days on

describe.each(DBS)('retention sweep on %s', (kind) => {
  it('erases exactly what is due, once, and the reports keep their figures', async () => {
    const c = await startTestCentral(kind, { retentionSweepMs: 3_600_000 });
    try {
      const at = (day: string, h: number, m = 0) => (c.clock.ms = shanghaiTime(day, h, m));
      const ok = async (r: Promise<{ status: number; body: Json }>, status = 200) => {
        const res = await r;
        if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
      };
      at(MON, 9);
      const kiosk = await c.kiosk('s-zhangjiang-1');
      const agent = await c.staff('agent1');
      await ok(agent.post('/api/v1/agents/me/resume', { centreId: CENTRE }));
      const oldId = idNumber('19600101', 1);
      // A matter over two visits: more materials first, 办结 at the second (the 办理时限 report).
      const serve = async (itemId: string, outcome: string, name?: string) => {
        const t = await ok(
          kiosk.post('/api/v1/tickets', { itemId, channel: 'window', idNumber: oldId, name }),
          201,
        );
        await ok(agent.post(`/api/v1/tickets/${t.id}/call`, {}));
        await ok(agent.post(`/api/v1/tickets/${t.id}/start`, {}));
        await ok(agent.get(`/api/v1/tickets/${t.id}/resident`)); // an audited view of the identity
        await ok(agent.post(`/api/v1/tickets/${t.id}/finish`, { outcome }));
        return t;
      };
      await serve('i-jzz', 'more_materials', '王旧居民');
      at(MON, 10);
      await serve('i-jzz', 'done');
      const other = await ok(
        kiosk.post('/api/v1/tickets', {
          itemId: 'i-sbk',
          channel: 'window',
          idNumber: idNumber('19700101', 2),
        }),
        201,
      );
      await ok(agent.post(`/api/v1/tickets/${other.id}/cancel`, {}));
      at(MON, 11);
      const video = await activeCase(c, kiosk, agent);
      await ok(agent.post(`/api/v1/tickets/${video.ticket.id}/finish`, { outcome: 'done' }));
      const REASON = '等了很久没人理会ZXQ';
      await ok(kiosk.post(`/api/v1/video/cases/${video.case.id}/rating`, { level: 1, reason: REASON }), 201);

      // The poor rating's follow-up is closed (an open one keeps its reason until it is handled).
      const sup = await c.staff('supervisor');
      const fu = ((await ok(sup.get('/api/v1/video/follow-ups'))).followUps as Json[])[0];
      await ok(sup.post(`/api/v1/video/follow-ups/${fu.id}/close`, { resolution: '已回访' }));

      // 200 days on, a resident who comes back now keeps everything.
      at(LATER, 9);
      const recentId = idNumber('19900101', 3);
      await ok(
        kiosk.post('/api/v1/tickets', {
          itemId: 'i-sbk',
          channel: 'window',
          idNumber: recentId,
          name: '李新',
        }),
        201,
      );
      const db = c.central.db;
      const oldRow = (await db.get<Json>(
        'SELECT r.id, r.id_hash, r.id_enc, r.name_enc FROM residents r WHERE r.id_hash = ?',
        [c.central.ctx.pii.lookupHash(oldId)],
      ))!;
      expect(oldRow.name_enc).toBeTruthy();
      const supervisor = await c.staff('supervisor');
      const reportQueries = [
        `summary?centreId=${CENTRE}&from=${MON}&to=${MON}`,
        `tickets?centreId=${CENTRE}&from=${MON}&to=${MON}&by=item`,
        `time-limits?centreId=${CENTRE}&from=${MON}&to=${MON}`,
        `ratings?centreId=${CENTRE}&from=${MON}&to=${MON}&by=item`,
        `video?centreId=${CENTRE}&from=${MON}&to=${MON}`,
      ];
      const reports = () => Promise.all(reportQueries.map((q) => ok(supervisor.get(`/api/v1/reports/${q}`))));
      const before = await reports();

      // Periods: a district admin sets them (audited); a supervisor may read but not change them.
      const admin = await c.staff('admin');
      const settings = await ok(admin.get('/api/v1/admin/retention'));
      expect(settings.residentIdentityDays).toBe(180);
      const next = { ...settings, auditDetailDays: 100, batchSize: 10 };
      expect((await supervisor.put('/api/v1/admin/retention', next)).status).toBe(403);
      expect((await admin.put('/api/v1/admin/retention', { ...next, formAnswersDays: 0 })).status).toBe(400);
      await ok(admin.put('/api/v1/admin/retention', next));

      const residentsDue = Number(
        (await db.get<Json>(
          "SELECT COUNT(*) AS n FROM residents WHERE created_at < ? AND id_enc <> '[erased]'",
          [c.clock.ms - 180 * 86_400_000],
        ))!.n,
      );
      expect(residentsDue).toBeGreaterThanOrEqual(3); // the old resident, the cancelled one, the video caller
      const dry = await ok(admin.post('/api/v1/admin/retention/sweep?dryRun=1'));
      expect(dry.counts.residentIdentity).toBe(residentsDue);
      expect(dry.counts.caseIdentity).toBe(1);
      expect(dry.counts.ratingText).toBe(2); // the rating and its follow-up
      expect(dry.counts.auditDetail).toBeGreaterThan(0);
      // A dry run changes nothing.
      expect((await db.get<Json>('SELECT id_enc FROM residents WHERE id = ?', [oldRow.id]))!.id_enc).toBe(
        oldRow.id_enc,
      );

      const run = await ok(admin.post('/api/v1/admin/retention/sweep'));
      expect(run.counts).toEqual(dry.counts);
      const again = await ok(admin.post('/api/v1/admin/retention/sweep'));
      expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
      const runs = (await ok(supervisor.get('/api/v1/admin/retention/runs'))).runs as Json[];
      expect(runs[1].counts).toEqual(run.counts);

      // The erased resident is a marker; the recent one is whole; the tickets are all still there.
      const erased = (await db.get<Json>('SELECT * FROM residents WHERE id = ?', [oldRow.id]))!;
      expect(erased).toMatchObject({ id_enc: '[erased]', name_enc: null, birth_date: null });
      expect(erased.id_hash).not.toBe(oldRow.id_hash);
      const recent = (await db.get<Json>('SELECT id_enc FROM residents WHERE id_hash = ?', [
        c.central.ctx.pii.lookupHash(recentId),
      ]))!;
      expect(c.central.ctx.pii.decrypt(recent.id_enc)).toBe(recentId);
      const vc = (await db.get<Json>('SELECT identity_enc, notes FROM video_cases WHERE id = ?', [
        video.case.id,
      ]))!;
      expect(vc).toEqual({ identity_enc: null, notes: '[erased]' });
      expect(
        (await db.get<Json>('SELECT reason FROM video_ratings WHERE case_id = ?', [video.case.id]))!.reason,
      ).toBe('[erased]');
      // Staff can no longer find the old resident by ID number.
      const look = await ok(
        supervisor.post('/api/v1/admin/residents/record', { idNumber: oldId, reason: 'test of erasure' }),
      );
      expect(look.found).toBe(false);

      expect(await reports()).toEqual(before);

      if (kind === 'sqlite') {
        const files = ['central.db', 'central.db-wal'].map((f) => join(c.dataDir, f)).filter(existsSync);
        const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
        for (const gone of [oldRow.id_enc, oldRow.id_hash, oldRow.name_enc, REASON]) {
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
