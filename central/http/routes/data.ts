import type { FastifyInstance } from 'fastify';
import {
  BackupSchedule,
  BackupStatus,
  ErasureResult,
  HoldLiftRequest,
  HoldRequest,
  HoldResult,
  ResidentErasureRequest,
  ResidentRecord,
  ResidentRecordQuery,
  ResidentRequest,
  RetentionSettings,
  SweepHistory,
  SweepQuery,
  SweepResult,
} from '../../../contract/api/data';
import { type Ctx, requireDistrictAdmin, requireStaff, writeAudit } from '../../services/context';
import { backupJobsOf, backupStatus, saveSchedule } from '../../services/data/backups';
import { liftHold, setHold } from '../../services/data/legal-hold';
import { recordPage } from '../../services/data/record-page';
import { eraseResident, residentRecord } from '../../services/data/resident-record';
import { loadRetention, saveRetention } from '../../services/data/retention';
import { runSweep, sweepRuns } from '../../services/data/sweep';
import { route } from '../schema';

// Issue 18: retention periods and sweeps (/api/v1/admin/retention…), a resident's own record
// (/api/v1/admin/residents/…). The ID number travels in a POST body only, never in a URL that
// proxies and access logs keep.

const tags = ['admin'];

export async function dataRoutes(app: FastifyInstance, ctx: Ctx) {
  retentionRoutes(app, ctx);
  residentRoutes(app, ctx);
  backupRoutes(app, ctx);
}

/** Retention periods and the sweep that enforces them. */
function retentionRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get(
    '/api/v1/admin/retention',
    {
      schema: route({
        response: { 200: RetentionSettings },
        tags,
        summary: 'How long each kind of personal data is kept',
      }),
    },
    async (req) => {
      requireStaff(req.principal, ['admin', 'supervisor']);
      return loadRetention(ctx.db);
    },
  );
  app.put<{ Body: RetentionSettings }>(
    '/api/v1/admin/retention',
    {
      schema: route({
        body: RetentionSettings,
        response: { 200: RetentionSettings },
        tags,
        summary: 'Change the retention periods (district admin; audited)',
      }),
    },
    async (req) => {
      const p = await requireDistrictAdmin(ctx, req.principal);
      const before = await loadRetention(ctx.db);
      const saved = await saveRetention(ctx.db, req.body);
      await writeAudit(
        ctx.db,
        ctx.clock().getTime(),
        p,
        'retention.update',
        { type: 'settings', id: 'retention' },
        null,
        { before, after: saved },
      );
      return saved;
    },
  );
  app.get(
    '/api/v1/admin/retention/runs',
    {
      schema: route({
        response: { 200: SweepHistory },
        tags,
        summary: 'The last retention sweep runs with what each erased',
      }),
    },
    async (req) => {
      requireStaff(req.principal, ['admin', 'supervisor']);
      return { runs: await sweepRuns(ctx.db) };
    },
  );
  app.post<{ Querystring: SweepQuery }>(
    '/api/v1/admin/retention/sweep',
    {
      schema: route({
        querystring: SweepQuery,
        response: { 200: SweepResult },
        tags,
        summary: 'Run the retention sweep now (district admin); ?dryRun=1 only counts what is due',
      }),
    },
    async (req) => {
      const p = await requireDistrictAdmin(ctx, req.principal);
      const dryRun = req.query.dryRun === '1' || req.query.dryRun === 'true';
      return runSweep(ctx.db, ctx.clock().getTime(), await loadRetention(ctx.db), {
        by: p.staff.id,
        dryRun,
      });
    },
  );
}

/** One resident's own record: look up, export, erase, legal hold. */
function residentRoutes(app: FastifyInstance, ctx: Ctx) {
  app.post<{ Body: ResidentRequest; Querystring: ResidentRecordQuery }>(
    '/api/v1/admin/residents/record',
    {
      schema: route({
        body: ResidentRequest,
        querystring: ResidentRecordQuery,
        response: { 200: ResidentRecord },
        tags,
        summary:
          "Everything held about one resident in the caller's centres, found by ID number (supervisor/admin; audited with the reason); ?format=html for a printable page",
      }),
    },
    async (req, reply) => {
      const rec = await residentRecord(ctx, req.principal, req.body, req.query.format);
      reply.header('cache-control', 'no-store');
      if (req.query.format === 'html') {
        return reply.type('text/html; charset=utf-8').send(recordPage(rec, ctx.clock()));
      }
      return rec;
    },
  );
  app.post<{ Body: ResidentErasureRequest }>(
    '/api/v1/admin/residents/erase',
    {
      schema: route({
        body: ResidentErasureRequest,
        response: { 200: ErasureResult },
        tags,
        summary:
          "Erase a resident's personal data on request (district admin; confirm with the ID number's last four characters; audited with the reason)",
      }),
    },
    (req) => eraseResident(ctx, req.principal, req.body),
  );
  app.post<{ Body: HoldRequest }>(
    '/api/v1/admin/residents/hold',
    {
      schema: route({
        body: HoldRequest,
        response: { 200: HoldResult },
        tags,
        summary:
          "Put a resident's personal data on legal hold: the retention sweep and erasure leave it alone (district admin; reason required, optional last day; audited)",
      }),
    },
    (req) => setHold(ctx, req.principal, req.body),
  );
  app.post<{ Body: HoldLiftRequest }>(
    '/api/v1/admin/residents/hold/lift',
    {
      schema: route({
        body: HoldLiftRequest,
        response: { 200: HoldResult },
        tags,
        summary: "Lift a resident's legal hold (district admin; reason required; audited)",
      }),
    },
    (req) => liftHold(ctx, req.principal, req.body),
  );
}

/** Scheduled backups: their state for the dashboard, and the schedule. */
function backupRoutes(app: FastifyInstance, ctx: Ctx) {
  app.get(
    '/api/v1/admin/backups',
    {
      schema: route({
        response: { 200: BackupStatus },
        tags,
        summary:
          "Scheduled backups: the schedule, the last backup's time and result, and a warning when one is missing or failed",
      }),
    },
    async (req) => {
      requireStaff(req.principal, ['admin', 'supervisor']);
      return backupStatus(ctx.db, backupJobsOf(ctx)?.configured ?? false, ctx.clock().getTime());
    },
  );
  app.put<{ Body: BackupSchedule }>(
    '/api/v1/admin/backups/schedule',
    {
      schema: route({
        body: BackupSchedule,
        response: { 200: BackupStatus },
        tags,
        summary: 'Change the backup schedule: interval and generations kept (district admin; audited)',
      }),
    },
    async (req) => {
      const p = await requireDistrictAdmin(ctx, req.principal);
      await saveSchedule(ctx.db, req.body);
      const now = ctx.clock().getTime();
      await writeAudit(ctx.db, now, p, 'backup.schedule', { type: 'settings', id: 'backup' }, null, {
        ...req.body,
      });
      return backupStatus(ctx.db, backupJobsOf(ctx)?.configured ?? false, now);
    },
  );
}
