import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  DBS,
  type KioskClient,
  startTestCentral,
  stopPostgres,
  type TestCentral,
} from '../central/harness';
import { activeCase, SignalReader } from './video-harness';

// Short forms pushed during a call, over the real signaling WebSocket: the agent pushes a template,
// the kiosk replies; central checks the reply against the template before it reaches the agent,
// keeps it sealed with the case, shows it to the serving agent only, and refuses replies from anyone
// but the case's kiosk. Logs name the case, never what the resident typed.

afterAll(stopPostgres);

const PHONE = '13912345678';
let forms = 0;
const formId = () => `form-${process.pid}-${++forms}-abcdef`;

describe.each(DBS)('video forms on %s', (kind) => {
  let c: TestCentral;
  let kioskA: KioskClient;
  let kioskB: KioskClient;
  let agent1: Client & { id: string };
  let agent2: Client & { id: string };
  let supervisor: Client & { id: string };
  const log: string[] = [];
  const readers: SignalReader[] = [];
  const open = async (headers: Record<string, string>) => {
    const r = await SignalReader.open(c.url, headers);
    readers.push(r);
    return r;
  };

  beforeAll(async () => {
    c = await startTestCentral(kind, {
      logger: { stream: { write: (l) => void log.push(l) }, level: 'info' },
    });
    kioskA = await c.kiosk('s-zhangjiang-1');
    kioskB = await c.kiosk('s-zhangjiang-2');
    agent1 = await c.staff('agent1');
    agent2 = await c.staff('agent2');
    supervisor = await c.staff('supervisor');
  });
  afterAll(async () => {
    readers.forEach((r) => r.close());
    await c?.close();
  });

  /** An active case with both parties' sockets, and a form of `templateId` pushed to the kiosk. */
  async function pushed(templateId: string) {
    const sK = await open(kioskA.auth());
    const sA = await open(agent1.auth());
    const { case: vc } = await activeCase(c, kioskA, agent1);
    const id = formId();
    sA.send({
      type: 'relay',
      caseId: vc.id,
      body: { kind: 'push', push: { kind: 'form', formId: id, templateId } },
    });
    await sK.waitFor((m) => m.type === 'relay' && m.body.kind === 'push' && m.body.push.kind === 'form');
    return { vc, id, sK, sA };
  }
  const timelineOf = async (caseId: string) =>
    (await agent1.get(`/api/v1/video/cases/${caseId}`)).body.timeline as Array<{
      kind: string;
      detail?: Record<string, unknown>;
    }>;

  it('records a valid reply with the case and shows it to the serving agent only', async () => {
    const { vc, id, sK, sA } = await pushed('emergency-contact');
    sK.send({
      type: 'relay',
      caseId: vc.id,
      body: { kind: 'form.reply', formId: id, values: { name: ' 王芳 ', relation: 'child', phone: PHONE } },
    });
    // The agent gets the checked values (trimmed) over the relay.
    const got = await sA.waitFor((m) => m.type === 'relay' && m.body.kind === 'form.reply');
    expect(got).toMatchObject({
      from: 'kiosk',
      body: { formId: id, values: { name: '王芳', relation: 'child', phone: PHONE } },
    });
    // Both see the timeline entry; neither the timeline nor the kiosk's messages carry the values.
    await sK.waitFor(
      (m) =>
        m.type === 'case' && m.case.timeline.some((e) => e.kind === 'form.reply' && e.detail?.formId === id),
    );
    const timeline = await timelineOf(vc.id);
    expect(timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['form', 'form.reply']));
    expect(timeline.find((e) => e.kind === 'form.reply')?.detail).toEqual({
      formId: id,
      templateId: 'emergency-contact',
      fields: 3,
    });
    expect(JSON.stringify(timeline)).not.toContain(PHONE);
    expect(JSON.stringify(sK.messages)).not.toContain(PHONE);

    const seen = await agent1.get(`/api/v1/video/cases/${vc.id}/forms`);
    expect(seen.status).toBe(200);
    expect(seen.body.forms).toEqual([
      expect.objectContaining({
        id,
        templateId: 'emergency-contact',
        status: 'answered',
        values: { name: '王芳', relation: 'child', phone: PHONE },
      }),
    ]);
    // Nobody else reads the reply: another agent, the supervisor, the kiosk itself.
    expect((await agent2.get(`/api/v1/video/cases/${vc.id}/forms`)).status).toBe(403);
    expect((await supervisor.get(`/api/v1/video/cases/${vc.id}/forms`)).status).toBe(403);
    expect((await kioskA.get(`/api/v1/video/cases/${vc.id}/forms`)).status).toBe(403);

    // At rest the reply is sealed: the phone number is nowhere in the row.
    const row = await c.central.db.get<Record<string, unknown>>(
      'SELECT * FROM video_forms WHERE case_id = ? AND id = ?',
      [vc.id, id],
    );
    expect(String(row?.values_enc)).toMatch(/^v2:[0-9a-f]{8}:/);
    expect(JSON.stringify(row)).not.toContain(PHONE);
    expect(JSON.stringify(row)).not.toContain('王芳');
    // The view is audited; the log names the case but not the values.
    const audit = await c.central.db.all<{ action: string; actor_id: string }>(
      'SELECT action, actor_id FROM video_audit WHERE case_id = ?',
      [vc.id],
    );
    expect(audit).toContainEqual({ action: 'form.view', actor_id: agent1.id });
    const lines = log.filter((l) => l.includes(vc.caseNumber));
    expect(lines.some((l) => l.includes('form reply recorded'))).toBe(true);
    expect(log.join('')).not.toContain(PHONE);
    expect(log.join('')).not.toContain('王芳');

    // One answer per form.
    sK.send({
      type: 'relay',
      caseId: vc.id,
      body: { kind: 'form.reply', formId: id, values: { phone: PHONE } },
    });
    expect(await sK.waitFor((m) => m.type === 'error')).toMatchObject({
      code: 'INVALID_TRANSITION',
      ref: id,
    });
  });

  it('refuses a reply that breaks the template, with the fields, and stores nothing', async () => {
    const { vc, id, sK, sA } = await pushed('emergency-contact');
    const bad = '23912345678';
    sK.send({
      type: 'relay',
      caseId: vc.id,
      body: {
        kind: 'form.reply',
        formId: id,
        values: { name: '', relation: 'cousin', phone: bad, extra: 'x' },
      },
    });
    const err = await sK.waitFor((m) => m.type === 'error');
    expect(err).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED', ref: id });
    if (err.type !== 'error') throw new Error('not an error');
    expect(err.message).toMatch(/phone: Enter an 11-digit mobile number/);
    expect(err.message).not.toContain(bad);
    expect(err.fields).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'form.bad.required' },
        { path: 'relation', message: 'form.bad.choice' },
        { path: 'phone', message: 'form.bad.phone' },
        { path: 'extra', message: 'form.bad.unknown' },
      ]),
    );
    // Conditional field: the address is asked (and required) only when it differs from the hukou.
    const addr = await pushed('current-address');
    addr.sK.send({
      type: 'relay',
      caseId: addr.vc.id,
      body: { kind: 'form.reply', formId: addr.id, values: { sameAsRegistered: 'no', housing: 'rented' } },
    });
    expect(await addr.sK.waitFor((m) => m.type === 'error' && m.ref === addr.id)).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'address', message: 'form.bad.required' }],
    });

    // Nothing stored, nothing relayed, nothing on the timeline; the log names the case only.
    const seen = await agent1.get(`/api/v1/video/cases/${vc.id}/forms`);
    expect(seen.body.forms).toEqual([expect.objectContaining({ id, status: 'pushed', values: null })]);
    expect((await timelineOf(vc.id)).some((e) => e.kind === 'form.reply')).toBe(false);
    expect(sA.messages.some((m) => m.type === 'relay' && m.body.kind === 'form.reply')).toBe(false);
    expect(log.some((l) => l.includes('form reply refused') && l.includes(vc.caseNumber))).toBe(true);
    expect(log.join('')).not.toContain(bad);

    // Corrected, the same form is accepted.
    sK.send({
      type: 'relay',
      caseId: vc.id,
      body: {
        kind: 'form.reply',
        formId: id,
        values: { name: 'Li Lei', relation: 'other', phone: '02112345678' },
      },
    });
    await sA.waitFor((m) => m.type === 'relay' && m.body.kind === 'form.reply' && m.body.formId === id);
  });

  it('lets no other station or the agent inject a reply, and tells the agent of a cancelled form', async () => {
    const { vc, id, sK, sA } = await pushed('contact-phone');
    const sB = await open(kioskB.auth());
    sB.send({
      type: 'relay',
      caseId: vc.id,
      body: { kind: 'form.reply', formId: id, values: { phone: PHONE } },
    });
    expect(await sB.waitFor((m) => m.type === 'error')).toMatchObject({ code: 'FORBIDDEN', ref: id });
    sA.send({
      type: 'relay',
      caseId: vc.id,
      body: { kind: 'form.reply', formId: id, values: { phone: PHONE } },
    });
    expect(await sA.waitFor((m) => m.type === 'error')).toMatchObject({ code: 'FORBIDDEN', ref: id });
    // A form never pushed in this case cannot be answered either.
    const other = formId();
    sK.send({
      type: 'relay',
      caseId: vc.id,
      body: { kind: 'form.reply', formId: other, values: { phone: PHONE } },
    });
    expect(await sK.waitFor((m) => m.type === 'error' && m.ref === other)).toMatchObject({
      code: 'NOT_FOUND',
    });

    const stored = await agent1.get(`/api/v1/video/cases/${vc.id}/forms`);
    expect(stored.body.forms).toEqual([expect.objectContaining({ id, status: 'pushed', values: null })]);
    expect(sA.messages.some((m) => m.type === 'relay' && m.body.kind === 'form.reply')).toBe(false);

    // The resident closes the form: the agent hears it and the case keeps it.
    sK.send({ type: 'relay', caseId: vc.id, body: { kind: 'form.cancel', formId: id } });
    await sA.waitFor((m) => m.type === 'relay' && m.body.kind === 'form.cancel' && m.body.formId === id);
    await sA.waitFor(
      (m) =>
        m.type === 'case' &&
        m.case.timeline.some((e) => e.kind === 'form.cancelled' && e.detail?.formId === id),
    );
    const after = await agent1.get(`/api/v1/video/cases/${vc.id}/forms`);
    expect(after.body.forms).toEqual([expect.objectContaining({ id, status: 'cancelled', values: null })]);

    // A later push replaces a form still waiting; its late reply is refused.
    const next = formId();
    sA.send({
      type: 'relay',
      caseId: vc.id,
      body: { kind: 'push', push: { kind: 'form', formId: next, templateId: 'household-size' } },
    });
    sA.send({ type: 'relay', caseId: vc.id, body: { kind: 'push', push: { kind: 'clear' } } });
    await sK.waitFor((m) => m.type === 'relay' && m.body.kind === 'push' && m.body.push.kind === 'clear');
    sK.send({
      type: 'relay',
      caseId: vc.id,
      body: { kind: 'form.reply', formId: next, values: { members: '3' } },
    });
    expect(await sK.waitFor((m) => m.type === 'error' && m.ref === next)).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    const last = await agent1.get(`/api/v1/video/cases/${vc.id}/forms`);
    expect(last.body.forms.map((f: { status: string }) => f.status)).toEqual(['cancelled', 'replaced']);
  });
});
