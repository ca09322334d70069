import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OkResponse } from '../../contract/api/auth';
import { DoorstepError } from '../../contract/errors';
import {
  AcceptCaseRequest,
  CaseDocument,
  CaseIdentityResponse,
  CloseFollowUpRequest,
  FinishCaseRequest,
  FollowUp,
  IceConfig,
  LinkReport,
  MaterialsRequest,
  NotesRequest,
  OpenCaseRequest,
  RateRequest,
  Rating,
  UploadDocumentRequest,
  VideoCase,
  VideoConfig,
  VideoConfigPatch,
  VideoConfigView,
} from '../../contract/video';
import { CaseFormsResponse } from '../../contract/video-forms';
import { QualityReport } from '../../contract/video-quality';
import { requireAny, requireStaff, requireStation } from '../services/context';
import { route, type ZodTypeProvider } from '../http/schema';
import type { VideoService } from './service';

// HTTP routes of remote video assistance under /api/v1/video (docs/video.md lists them). Central's
// auth hook has resolved the caller (and checked the CSRF token of a signed-in mutation), its
// validator parsed the body with the contract schema, and its error handler shapes every failure.

const P = '/api/v1/video';
const Id = z.object({ id: z.string().min(1) });
const tags = ['video'];
const zodApp = (a: FastifyInstance) => a.withTypeProvider<ZodTypeProvider>();
type ZApp = ReturnType<typeof zodApp>;

export function caseRoutes(base: FastifyInstance, svc: VideoService): void {
  const app = zodApp(base);
  const agents: Array<'agent' | 'supervisor' | 'admin'> = ['agent', 'supervisor', 'admin'];

  app.post(
    `${P}/cases`,
    {
      schema: route({
        body: OpenCaseRequest,
        response: { 201: VideoCase },
        tags,
        summary: 'Open a video case for a called video ticket',
      }),
    },
    async (req, reply) => {
      const p = requireStaff(req.principal, agents);
      return reply.status(201).send(await svc.open(p, req.body.ticketId));
    },
  );
  app.get(
    `${P}/cases/:id`,
    { schema: route({ params: Id, response: { 200: VideoCase }, tags, summary: 'A video case' }) },
    async (req) => {
      const c = await svc.partyCase(requireAny(req.principal), req.params.id, [
        'agent',
        'kiosk',
        'supervisor',
      ]);
      return svc.cases.view(c);
    },
  );
  app.post(
    `${P}/cases/:id/accept`,
    {
      schema: route({
        params: Id,
        body: AcceptCaseRequest,
        response: { 200: VideoCase },
        tags,
        summary: 'The kiosk accepts the call (with the identity read from the card, if any)',
      }),
    },
    async (req) => svc.accept(requireStation(req.principal), req.params.id, req.body.identity),
  );
  app.post(
    `${P}/cases/:id/decline`,
    {
      schema: route({
        params: Id,
        response: { 200: VideoCase },
        tags,
        summary: 'The kiosk declines the call',
      }),
    },
    async (req) => svc.decline(requireStation(req.principal), req.params.id),
  );
  app.post(
    `${P}/cases/:id/link`,
    {
      schema: route({
        params: Id,
        body: LinkReport,
        response: { 200: VideoCase },
        tags,
        summary: 'Report the media link reconnecting, restored or lost',
      }),
    },
    async (req) => svc.link(requireAny(req.principal), req.params.id, req.body),
  );
  app.post(
    `${P}/cases/:id/quality`,
    {
      schema: route({
        params: Id,
        body: QualityReport,
        response: { 200: VideoCase },
        tags,
        summary: "The call's quality (state change or final summary), by the case's agent",
      }),
    },
    async (req) => svc.quality(requireStaff(req.principal), req.params.id, req.body),
  );
  app.get(
    `${P}/cases/:id/identity`,
    {
      schema: route({
        params: Id,
        response: { 200: CaseIdentityResponse },
        tags,
        summary: "The resident's identity, shown to the case's agent",
      }),
    },
    async (req) => ({ identity: await svc.identity(requireStaff(req.principal), req.params.id) }),
  );
  app.get(
    `${P}/cases/:id/forms`,
    {
      schema: route({
        params: Id,
        response: { 200: CaseFormsResponse },
        tags,
        summary: 'Forms filled in during the case',
      }),
    },
    async (req) => ({ forms: await svc.caseForms(requireStaff(req.principal), req.params.id) }),
  );
  notesRoutes(app, svc);
  documentRoutes(app, svc);
  followUpRoutes(app, svc);
  configRoutes(app, svc);
}

/** What the agent writes down and decides: materials, notes, transfer, finish. */
function notesRoutes(app: ZApp, svc: VideoService): void {
  const append = (notes: string | null, text: string) => (notes ? `${notes}\n${text}` : text);
  app.put(
    `${P}/cases/:id/materials`,
    {
      schema: route({
        params: Id,
        body: MaterialsRequest,
        response: { 200: VideoCase },
        tags,
        summary: 'Tick the materials the resident has shown',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal);
      const id = req.params.id;
      await svc.partyCase(p, id, ['agent']);
      await svc.cases.update(id, { materials_ticked: JSON.stringify(req.body.ticked) });
      await svc.cases.log(id, 'materials', p.staff.id, { ticked: req.body.ticked.length });
      return svc.publish(id);
    },
  );
  app.post(
    `${P}/cases/:id/notes`,
    {
      schema: route({
        params: Id,
        body: NotesRequest,
        response: { 200: VideoCase },
        tags,
        summary: 'Add a note to the case',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal);
      const c = await svc.partyCase(p, req.params.id, ['agent']);
      await svc.cases.update(c.id, { notes: append(c.notes, req.body.text) });
      await svc.cases.log(c.id, 'note', p.staff.id);
      return svc.publish(c.id);
    },
  );
  app.post(
    `${P}/cases/:id/transfer`,
    {
      schema: route({
        params: Id,
        body: NotesRequest,
        response: { 200: VideoCase },
        tags,
        summary: 'Hand the case back with a note (the ticket is transferred by the console)',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal);
      const c = await svc.partyCase(p, req.params.id, ['agent']);
      await svc.cases.update(c.id, { notes: append(c.notes, req.body.text) });
      await svc.cases.setStatus(c.id, 'returned', p.staff.id, { transfer: true });
      return svc.publish(c.id);
    },
  );
  app.post(
    `${P}/cases/:id/finish`,
    {
      schema: route({
        params: Id,
        body: FinishCaseRequest,
        response: { 200: VideoCase },
        tags,
        summary: 'Finish the case with its outcome and any missing materials',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal);
      const c = await svc.partyCase(p, req.params.id, ['agent']);
      const body = req.body;
      if (body.note) await svc.cases.update(c.id, { notes: append(c.notes, body.note) });
      await svc.cases.finish(c.id, body.outcome, body.missingMaterials, p.staff.id);
      return svc.publish(c.id);
    },
  );
}

/** Documents and signatures the kiosk uploads, shown to the agent during the case only. */
function documentRoutes(app: ZApp, svc: VideoService): void {
  app.post(
    `${P}/cases/:id/documents`,
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: route({
        params: Id,
        body: UploadDocumentRequest,
        response: { 201: CaseDocument },
        tags,
        summary: 'Upload a document photo or a signature (kiosk, live case)',
        errors: [409],
      }),
    },
    async (req, reply) => {
      const p = requireStation(req.principal);
      const c = await svc.partyCase(p, req.params.id, ['kiosk']);
      if (!svc.isLive(c)) throw new DoorstepError('INVALID_TRANSITION', `the case is ${c.status}`);
      const body = req.body;
      const cfg = await svc.records.config();
      const doc = await svc.records.addDocument(c.id, body, cfg.documentRetentionHours);
      await svc.cases.log(c.id, body.kind === 'photo' ? 'document' : 'signature', p.kioskId, {
        id: doc.id,
        width: doc.width,
        height: doc.height,
      });
      svc.hub.relay(c, 'kiosk', { kind: 'document.uploaded', document: doc });
      return reply.status(201).send(doc);
    },
  );
  app.get(
    `${P}/cases/:id/documents`,
    {
      schema: route({
        params: Id,
        response: { 200: z.object({ documents: z.array(CaseDocument) }) },
        tags,
        summary: 'Documents of the case',
      }),
    },
    async (req) => {
      const c = await svc.partyCase(requireStaff(req.principal), req.params.id, ['agent', 'supervisor']);
      return { documents: await svc.records.documents(c.id) };
    },
  );
  app.get(
    `${P}/documents/:id`,
    {
      schema: route({
        params: Id,
        tags,
        summary: "A document's image (JPEG/PNG bytes), to the case's agent while the case is live; audited",
      }),
    },
    async (req, reply) => {
      const p = requireStaff(req.principal);
      const d = await svc.records.documentData(req.params.id);
      const c = await svc.partyCase(p, d.caseId, ['agent']);
      if (!svc.isLive(c)) throw new DoorstepError('FORBIDDEN', 'documents are visible during the case only');
      await svc.records.audit(p.staff.id, 'document.view', c.id, { document: req.params.id });
      return reply.header('cache-control', 'no-store').type(d.mime).send(d.data);
    },
  );
  app.post(
    `${P}/cases/:id/rating`,
    {
      schema: route({
        params: Id,
        body: RateRequest,
        response: { 201: Rating },
        tags,
        summary: "The resident's rating after the call (kiosk); a low one opens a follow-up",
        errors: [409],
      }),
    },
    async (req, reply) => {
      const p = requireStation(req.principal);
      const c = await svc.partyCase(p, req.params.id, ['kiosk']);
      if (c.status !== 'ended') throw new DoorstepError('INVALID_TRANSITION', 'rate after the call ends');
      const cfg = await svc.records.config();
      const r = await svc.records.rate(
        { id: c.id, caseNumber: c.case_number, centreId: c.centre_id },
        req.body.level,
        req.body.reason ?? null,
        cfg,
      );
      await svc.cases.log(c.id, 'rated', p.kioskId, { level: req.body.level });
      return reply.status(201).send(r);
    },
  );
}

const FollowUpQuery = z.object({ status: z.enum(['open', 'closed']).optional() });

function followUpRoutes(app: ZApp, svc: VideoService): void {
  app.get(
    `${P}/follow-ups`,
    {
      schema: route({
        querystring: FollowUpQuery,
        response: { 200: z.object({ followUps: z.array(FollowUp) }) },
        tags,
        summary: 'Follow-ups of low ratings in your centres (supervisor, admin)',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal, ['supervisor', 'admin']);
      return { followUps: await svc.records.followUps(p.staff.centreIds, req.query.status) };
    },
  );
  app.post(
    `${P}/follow-ups/:id/close`,
    {
      schema: route({
        params: Id,
        body: CloseFollowUpRequest,
        response: { 200: FollowUp },
        tags,
        summary: 'Close a follow-up with its resolution',
      }),
    },
    async (req) => {
      const p = requireStaff(req.principal, ['supervisor', 'admin']);
      const f = await svc.records.followUp(req.params.id);
      if (!p.staff.centreIds.includes(f.centreId)) throw new DoorstepError('FORBIDDEN', 'not your centre');
      return svc.records.closeFollowUp(f.id, p.staff.id, req.body.resolution);
    },
  );
}

function configRoutes(app: ZApp, svc: VideoService): void {
  app.get(
    `${P}/turn-credentials`,
    {
      schema: route({
        response: { 200: IceConfig },
        tags,
        summary: 'ICE servers with short-lived TURN credentials',
      }),
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return svc.iceConfig(requireAny(req.principal));
    },
  );
  app.get(
    '/api/v1/admin/video-config',
    {
      schema: route({
        response: { 200: VideoConfigView },
        tags,
        summary: 'Video settings (the TURN secret only as set or not)',
      }),
    },
    async (req) => {
      requireStaff(req.principal, ['admin', 'supervisor']);
      const { turnSecret, ...rest } = await svc.records.config();
      return { ...rest, turnSecretSet: turnSecret !== null };
    },
  );
  app.put(
    '/api/v1/admin/video-config',
    {
      schema: route({
        body: VideoConfigPatch,
        response: { 200: OkResponse },
        tags,
        summary: 'Change video settings: the fields given; the others keep their values (district admin)',
      }),
    },
    async (req) => {
      // One TURN server and one set of time limits for the whole district: not a centre admin's to change.
      const p = requireStaff(req.principal, ['admin']);
      if (!(await svc.records.coversAllCentres(p.staff.centreIds))) {
        throw new DoorstepError('FORBIDDEN', 'district-wide settings need an admin of every centre');
      }
      const current = await svc.records.config();
      const next = VideoConfig.safeParse({ ...current, ...req.body });
      if (!next.success) throw new DoorstepError('VALIDATION_FAILED', 'the video settings are not valid');
      await svc.records.putConfig(next.data);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/v1/admin/video/sweep',
    {
      schema: route({
        response: { 200: z.object({ deleted: z.number().int() }) },
        tags,
        summary: 'Delete documents past their retention now (admin)',
      }),
    },
    async (req) => {
      requireStaff(req.principal, ['admin']);
      return { deleted: await svc.records.sweep() };
    },
  );
}
