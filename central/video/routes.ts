import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { DoorstepError, fieldErrorsOf } from '../../contract/errors';
import {
  AcceptCaseRequest,
  CloseFollowUpRequest,
  FinishCaseRequest,
  LinkReport,
  MaterialsRequest,
  NotesRequest,
  OpenCaseRequest,
  RateRequest,
  UploadDocumentRequest,
  VideoConfig,
  type VideoConfigView,
} from '../../contract/video';
import { requireStaffP, requireStation, type ResolvePrincipal } from './auth';
import type { VideoService } from './service';

// HTTP routes of remote video assistance under /api/v1/video (docs/video.md lists them).

const P = '/api/v1/video';
type Params = { id: string };

export function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw new DoorstepError('VALIDATION_FAILED', 'invalid body', fieldErrorsOf(r.error.issues));
  return r.data;
}

export function caseRoutes(app: FastifyInstance, svc: VideoService, who: ResolvePrincipal): void {
  const staff = async (req: FastifyRequest, roles?: string[]) => requireStaffP(await who(req), req, roles);
  const station = async (req: FastifyRequest) => requireStation(await who(req));
  const any = async (req: FastifyRequest) => {
    const p = await who(req);
    if (!p) throw new DoorstepError('UNAUTHENTICATED', 'sign in or use the station token');
    if (p.kind === 'staff' && req.method !== 'GET') requireStaffP(p, req);
    return p;
  };
  const id = (req: FastifyRequest) => (req.params as Params).id;

  app.post(`${P}/cases`, async (req, reply) => {
    const p = await staff(req, ['agent', 'supervisor', 'admin']);
    reply.code(201);
    return svc.open(p, parse(OpenCaseRequest, req.body).ticketId);
  });
  app.get(`${P}/cases/:id`, async (req) => {
    const c = await svc.partyCase(await any(req), id(req), ['agent', 'kiosk', 'supervisor']);
    return svc.cases.view(c);
  });
  app.post(`${P}/cases/:id/accept`, async (req) =>
    svc.accept(await station(req), id(req), parse(AcceptCaseRequest, req.body).identity),
  );
  app.post(`${P}/cases/:id/decline`, async (req) => svc.decline(await station(req), id(req)));
  app.post(`${P}/cases/:id/link`, async (req) =>
    svc.link(await any(req), id(req), parse(LinkReport, req.body)),
  );
  app.get(`${P}/cases/:id/identity`, async (req) => ({
    identity: await svc.identity(await staff(req), id(req)),
  }));
  app.get(`${P}/cases/:id/forms`, async (req) => ({ forms: await svc.caseForms(await staff(req), id(req)) }));
  app.put(`${P}/cases/:id/materials`, async (req) => {
    const p = await staff(req);
    await svc.partyCase(p, id(req), ['agent']);
    const { ticked } = parse(MaterialsRequest, req.body);
    await svc.cases.update(id(req), { materials_ticked: JSON.stringify(ticked) });
    await svc.cases.log(id(req), 'materials', p.staff.id, { ticked: ticked.length });
    return svc.publish(id(req));
  });
  app.post(`${P}/cases/:id/notes`, async (req) => {
    const p = await staff(req);
    const c = await svc.partyCase(p, id(req), ['agent']);
    const { text } = parse(NotesRequest, req.body);
    await svc.cases.update(c.id, { notes: c.notes ? `${c.notes}\n${text}` : text });
    await svc.cases.log(c.id, 'note', p.staff.id);
    return svc.publish(c.id);
  });
  app.post(`${P}/cases/:id/transfer`, async (req) => {
    const p = await staff(req);
    const c = await svc.partyCase(p, id(req), ['agent']);
    const { text } = parse(NotesRequest, req.body);
    await svc.cases.update(c.id, { notes: c.notes ? `${c.notes}\n${text}` : text });
    await svc.cases.setStatus(c.id, 'returned', p.staff.id, { transfer: true });
    return svc.publish(c.id);
  });
  app.post(`${P}/cases/:id/finish`, async (req) => {
    const p = await staff(req);
    const c = await svc.partyCase(p, id(req), ['agent']);
    const body = parse(FinishCaseRequest, req.body);
    if (body.note) await svc.cases.update(c.id, { notes: c.notes ? `${c.notes}\n${body.note}` : body.note });
    await svc.cases.finish(c.id, body.outcome, body.missingMaterials, p.staff.id);
    return svc.publish(c.id);
  });

  app.post(`${P}/cases/:id/documents`, { bodyLimit: 20 * 1024 * 1024 }, async (req, reply) => {
    const p = await station(req);
    const c = await svc.partyCase(p, id(req), ['kiosk']);
    if (!svc.isLive(c)) throw new DoorstepError('INVALID_TRANSITION', `the case is ${c.status}`);
    const body = parse(UploadDocumentRequest, req.body);
    const cfg = await svc.records.config();
    const doc = await svc.records.addDocument(c.id, body, cfg.documentRetentionHours);
    await svc.cases.log(c.id, body.kind === 'photo' ? 'document' : 'signature', p.kioskId, {
      id: doc.id,
      width: doc.width,
      height: doc.height,
    });
    svc.hub.relay(c, 'kiosk', { kind: 'document.uploaded', document: doc });
    reply.code(201);
    return doc;
  });
  app.get(`${P}/cases/:id/documents`, async (req) => {
    const c = await svc.partyCase(await staff(req), id(req), ['agent', 'supervisor']);
    return { documents: await svc.records.documents(c.id) };
  });
  app.get(`${P}/documents/:id`, async (req, reply) => {
    const p = await staff(req);
    const d = await svc.records.documentData(id(req));
    const c = await svc.partyCase(p, d.caseId, ['agent']);
    if (!svc.isLive(c)) throw new DoorstepError('FORBIDDEN', 'documents are visible during the case only');
    await svc.records.audit(p.staff.id, 'document.view', c.id, { document: id(req) });
    reply.header('cache-control', 'no-store').type(d.mime);
    return reply.send(d.data);
  });

  app.post(`${P}/cases/:id/rating`, async (req, reply) => {
    const p = await station(req);
    const c = await svc.partyCase(p, id(req), ['kiosk']);
    if (c.status !== 'ended') throw new DoorstepError('INVALID_TRANSITION', 'rate after the call ends');
    const body = parse(RateRequest, req.body);
    const cfg = await svc.records.config();
    const r = await svc.records.rate(
      { id: c.id, caseNumber: c.case_number, centreId: c.centre_id },
      body.level,
      body.reason ?? null,
      cfg,
    );
    await svc.cases.log(c.id, 'rated', p.kioskId, { level: body.level });
    reply.code(201);
    return r;
  });

  app.get(`${P}/follow-ups`, async (req) => {
    const p = await staff(req, ['supervisor', 'admin']);
    const status = (req.query as { status?: string }).status;
    return {
      followUps: await svc.records.followUps(
        p.staff.centreIds,
        status === 'open' || status === 'closed' ? status : undefined,
      ),
    };
  });
  app.post(`${P}/follow-ups/:id/close`, async (req) => {
    const p = await staff(req, ['supervisor', 'admin']);
    const f = await svc.records.followUp(id(req));
    if (!p.staff.centreIds.includes(f.centreId)) throw new DoorstepError('FORBIDDEN', 'not your centre');
    return svc.records.closeFollowUp(f.id, p.staff.id, parse(CloseFollowUpRequest, req.body).resolution);
  });

  app.get(`${P}/turn-credentials`, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return svc.iceConfig(await any(req));
  });
  app.get('/api/v1/admin/video-config', async (req): Promise<VideoConfigView> => {
    await staff(req, ['admin', 'supervisor']);
    const { turnSecret, ...rest } = await svc.records.config();
    return { ...rest, turnSecretSet: turnSecret !== null };
  });
  app.put('/api/v1/admin/video-config', async (req) => {
    await staff(req, ['admin']);
    const current = await svc.records.config();
    const next = parse(VideoConfig, { ...current, ...(req.body as object) });
    await svc.records.putConfig(next);
    return { ok: true };
  });
  app.post('/api/v1/admin/video/sweep', async (req) => {
    await staff(req, ['admin']);
    return { deleted: await svc.records.sweep() };
  });
}
