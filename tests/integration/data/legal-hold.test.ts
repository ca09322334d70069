import { afterAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiTime } from '../../../central/domain/time';
import { DBS, type Json, idNumber, startTestCentral, stopPostgres } from '../central/harness';
import { ok, residentFixture } from '../../helpers/resident-fixture';

// A legal hold on SQLite and PostgreSQL (controlled clock): a district admin holds resident A with a
// reason; 200 days on the retention sweep erases B and the resident whose hold ran out, keeps A (and
// counts it as held), and A's erasure on request erases nothing and says it is the hold; once the
// hold is lifted (with a reason) the next sweep erases A. Supervisors see the hold, cannot set it;
// every set and lift is in the audit with who and why.

afterAll(stopPostgres);

const MON = '2026-03-02';
const LATER = '2026-09-18'; // 200 days on: every identity of MON is past its 180 days

describe.each(DBS)('a legal hold on %s', (kind) => {
  it('keeps a held resident through the sweep and erasure until it is lifted', async () => {
    const c = await startTestCentral(kind);
    try {
      c.clock.ms = shanghaiTime(MON, 9);
      const REASON = '等候太久HLD';
      const f = await residentFixture(c, { name: '周保全', videoRating: REASON, order: { a: 21, b: 22 } });
      const { kiosk, a, b } = f;
      // C comes once and is held until a day long past by LATER.
      const cId = idNumber('19550101', 23);
      const tc = await ok(
        kiosk.post('/api/v1/tickets', { itemId: 'i-sbk', channel: 'window', idNumber: cId }),
        201,
      );
      await ok(f.agent.post(`/api/v1/tickets/${tc.id}/cancel`, {}));
      await ok(kiosk.post(`/api/v1/appointments/${f.booking.id}/cancel`, {}));
      await ok(f.agent.post(`/api/v1/tickets/${f.tb.id}/cancel`, {})); // B's one visit is over
      const supervisor = await c.staff('supervisor');
      const admin = await c.staff('admin');
      const fu = ((await ok(supervisor.get('/api/v1/video/follow-ups'))).followUps as Json[])[0];
      await ok(supervisor.post(`/api/v1/video/follow-ups/${fu.id}/close`, { resolution: '已回访' }));

      const HOLD = '行政复议 2026-017 证据保全';
      const hold = { idNumber: a, reason: HOLD };
      expect((await supervisor.post('/api/v1/admin/residents/hold', hold)).status).toBe(403);
      expect((await admin.post('/api/v1/admin/residents/hold', { idNumber: a })).status).toBe(400);
      expect(
        (await admin.post('/api/v1/admin/residents/hold', { ...hold, until: addDays(MON, -1) })).status,
      ).toBe(400);
      const set = await ok(admin.post('/api/v1/admin/residents/hold', hold));
      expect(set.found).toBe(true);
      expect(set.holds).toHaveLength(1);
      expect(set.holds[0]).toMatchObject({ reason: HOLD, setBy: admin.id, until: null, active: true });
      expect((await admin.post('/api/v1/admin/residents/hold', hold)).status).toBe(409);
      const until = addDays(MON, 30);
      const setC = await ok(
        admin.post('/api/v1/admin/residents/hold', { idNumber: cId, reason: '投诉调查', until }),
      );
      expect(setC.holds[0].until).toBe(new Date(shanghaiTime(addDays(until, 1), 0)).toISOString());
      const nobody = await ok(
        admin.post('/api/v1/admin/residents/hold', {
          idNumber: idNumber('19550101', 24),
          reason: '无此人测试',
        }),
      );
      expect(nobody).toEqual({ found: false, holds: [] });

      // A supervisor sees the hold on the record.
      const ask = { idNumber: a, reason: '核对保全 check the hold' };
      const rec = await ok(supervisor.post('/api/v1/admin/residents/record', ask));
      expect(rec.holds.map((h: Json) => [h.reason, h.active])).toEqual([[HOLD, true]]);

      const db = c.central.db;
      const rowOf = async (id: string) =>
        (await db.get<Json>('SELECT * FROM residents WHERE id_hash = ?', [
          c.central.ctx.pii.lookupHash(id),
        ]))!;
      const rowA = await rowOf(a);
      const rowC = await rowOf(cId);
      const caseId = f.video!.case.id;

      // 200 days on: B and C (hold over) are erased, A is kept whole and counted as held.
      c.clock.ms = shanghaiTime(LATER, 9);
      // Sessions end with central's clock: sign in again.
      const [supervisor2, admin2] = [await c.staff('supervisor'), await c.staff('admin')];
      const settings = await ok(admin2.get('/api/v1/admin/retention'));
      await ok(admin2.put('/api/v1/admin/retention', { ...settings, auditDetailDays: 100 }));
      const dry = await ok(admin2.post('/api/v1/admin/retention/sweep?dryRun=1'));
      const run = await ok(admin2.post('/api/v1/admin/retention/sweep'));
      expect(run.counts).toEqual(dry.counts);
      expect(run.held).toEqual(dry.held);
      expect(run.held).toMatchObject({ residentIdentity: 1, caseIdentity: 1, ratingText: 2 });
      expect(run.held.auditDetail).toBeGreaterThan(0); // the audit entries about A (view, lookup, hold)
      expect(await rowOf(b)).toBeUndefined();
      expect((await db.get<Json>('SELECT id_enc FROM residents WHERE id = ?', [rowC.id]))!.id_enc).toBe(
        '[erased]',
      );
      const heldA = await rowOf(a);
      expect(heldA).toMatchObject({ id_enc: rowA.id_enc, name_enc: rowA.name_enc });
      expect(c.central.ctx.pii.decrypt(heldA.id_enc)).toBe(a);
      const vc = (await db.get<Json>('SELECT identity_enc, notes FROM video_cases WHERE id = ?', [caseId]))!;
      expect(vc.identity_enc).not.toBeNull();
      expect(
        (await db.get<Json>('SELECT reason FROM video_ratings WHERE case_id = ?', [caseId]))!.reason,
      ).toBe(REASON);

      // An erasure request erases nothing held, and says why.
      const erase = { idNumber: a, reason: '居民申请删除 #31', confirm: a.slice(-4) };
      const refused = await ok(admin2.post('/api/v1/admin/residents/erase', erase));
      expect(refused).toMatchObject({ found: true, identityErased: false });
      expect(refused.kept).toEqual([
        { kind: 'legalHold', id: set.holds[0].id, why: `a legal hold: ${HOLD}`, reason: 'legal_hold' },
      ]);
      expect(Object.values(refused.counts).every((n) => n === 0)).toBe(true);
      expect((await rowOf(a)).id_enc).toBe(rowA.id_enc);

      // Lifted with a reason: the next sweep erases A.
      expect((await supervisor2.post('/api/v1/admin/residents/hold/lift', ask)).status).toBe(403);
      const LIFT = '复议结束 review closed';
      const lifted = await ok(
        admin2.post('/api/v1/admin/residents/hold/lift', { idNumber: a, reason: LIFT }),
      );
      expect(lifted.holds[0]).toMatchObject({ active: false, liftedBy: admin.id, liftReason: LIFT });
      expect(
        (await admin2.post('/api/v1/admin/residents/hold/lift', { idNumber: a, reason: LIFT })).status,
      ).toBe(409);
      // Who set and lifted the hold, and why, is in the audit (before the sweep thins old details).
      const audit = (await ok(admin2.get(`/api/v1/admin/audit?subjectId=${rowA.id}&limit=50`)))
        .entries as Json[];
      const acts = audit.filter((e) => e.action.startsWith('resident.hold'));
      expect(acts.map((e) => [e.action, e.actorId]).sort()).toEqual([
        ['resident.hold', admin.id],
        ['resident.hold_lift', admin.id],
      ]);
      expect(acts.map((e) => e.detail?.reason).sort()).toEqual([HOLD, LIFT].sort());
      expect(audit.filter((e) => e.action === 'resident.erase')[0].detail).toMatchObject({
        heldBy: set.holds[0].id,
      });
      const next = await ok(admin2.post('/api/v1/admin/retention/sweep'));
      expect(next.counts).toMatchObject({ residentIdentity: 1, caseIdentity: 1, ratingText: 2 });
      expect(Object.values(next.held).every((n) => n === 0)).toBe(true);
      expect((await db.get<Json>('SELECT id_enc, name_enc FROM residents WHERE id = ?', [rowA.id]))!).toEqual(
        {
          id_enc: '[erased]',
          name_enc: null,
        },
      );
    } finally {
      await c.close();
    }
  }, 120_000);
});
