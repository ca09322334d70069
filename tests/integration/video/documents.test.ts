import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type KioskClient, startTestCentral, type TestCentral } from '../central/harness';
import { jpegBytes, pngBytes } from '../../helpers/images';
import { activeCase } from './video-harness';

// Document photos and signatures: sealed with AES-256-GCM at rest, shown to the serving agent during
// the case only (each view audited), deleted after the retention. The identity follows the same rule.

describe('case documents and identity', () => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client;
  let admin: Client;
  beforeAll(async () => {
    c = await startTestCentral('sqlite');
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
    admin = await c.staff('admin');
  });
  afterAll(() => c?.close());

  it('stores a photo encrypted and gives the serving agent the same bytes', async () => {
    const { case: vc } = await activeCase(c, kiosk, agent);
    const image = jpegBytes(1920, 1080, Buffer.concat([Buffer.from('JPEG-MARKER-'), randomBytes(4000)]));
    const up = await kiosk.post(`/api/v1/video/cases/${vc.id}/documents`, {
      kind: 'photo',
      mime: 'image/jpeg',
      width: 1920,
      height: 1080,
      dataBase64: image.toString('base64'),
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ kind: 'photo', width: 1920, height: 1080, bytes: image.length });

    const row = await c.central.db.get<{ data_enc: string }>(
      'SELECT data_enc FROM video_documents WHERE id = ?',
      [up.body.id],
    );
    expect(/^v2:[0-9a-f]{8}:/.test(row!.data_enc)).toBe(true);
    expect(Buffer.from(row!.data_enc).includes(Buffer.from('JPEG-MARKER-'))).toBe(false);
    expect(row!.data_enc).not.toContain(image.toString('base64').slice(0, 40));

    const got = await fetch(`${c.url}/api/v1/video/documents/${up.body.id}`, { headers: agent.auth() });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await got.arrayBuffer()).equals(image)).toBe(true);
    const list = await agent.get(`/api/v1/video/cases/${vc.id}/documents`);
    expect(list.body.documents.map((d: { id: string }) => d.id)).toEqual([up.body.id]);

    // After the case ends the agent no longer sees it.
    await agent.post(`/api/v1/video/cases/${vc.id}/finish`, { outcome: 'done' });
    expect(
      (await fetch(`${c.url}/api/v1/video/documents/${up.body.id}`, { headers: agent.auth() })).status,
    ).toBe(403);
  });

  it('deletes documents past the configured retention', async () => {
    await admin.put('/api/v1/admin/video-config', { documentRetentionHours: 0 });
    const { case: vc } = await activeCase(c, kiosk, agent);
    const up = await kiosk.post(`/api/v1/video/cases/${vc.id}/documents`, {
      kind: 'signature',
      mime: 'image/png',
      width: 800,
      height: 300,
      dataBase64: pngBytes(800, 300, randomBytes(500)).toString('base64'),
      signedText: '本人确认以上信息属实',
    });
    expect(up.body.signedText).toBe('本人确认以上信息属实');
    const swept = await admin.post('/api/v1/admin/video/sweep', {});
    expect(swept.body.deleted).toBeGreaterThanOrEqual(1);
    expect(
      (await fetch(`${c.url}/api/v1/video/documents/${up.body.id}`, { headers: agent.auth() })).status,
    ).toBe(404);
    await admin.put('/api/v1/admin/video-config', { documentRetentionHours: 72 });
  });

  it('shows the identity only while serving, auditing every view', async () => {
    const { case: vc } = await activeCase(c, kiosk, agent);
    const row = await c.central.db.get<{ identity_enc: string }>(
      'SELECT identity_enc FROM video_cases WHERE id = ?',
      [vc.id],
    );
    expect(row!.identity_enc).not.toContain('张三');
    const seen = await agent.get(`/api/v1/video/cases/${vc.id}/identity`);
    expect(seen.body.identity).toEqual({
      name: '张三',
      idMasked: '310115********1234',
      age: 46,
      cardType: 'resident',
    });
    await agent.get(`/api/v1/video/cases/${vc.id}/identity`);
    const audit = await c.central.db.all<{ action: string }>(
      'SELECT action FROM video_audit WHERE case_id = ?',
      [vc.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['identity.view', 'identity.view']);
    await agent.post(`/api/v1/video/cases/${vc.id}/finish`, { outcome: 'done' });
    expect((await agent.get(`/api/v1/video/cases/${vc.id}/identity`)).status).toBe(403);
  });

  it('keeps the timeline through reconnecting and marks a lost call returned', async () => {
    const { case: vc } = await activeCase(c, kiosk, agent);
    expect(
      (await agent.post(`/api/v1/video/cases/${vc.id}/link`, { state: 'reconnecting' })).body.status,
    ).toBe('reconnecting');
    expect((await agent.post(`/api/v1/video/cases/${vc.id}/link`, { state: 'restored' })).body.status).toBe(
      'active',
    );
    await agent.post(`/api/v1/video/cases/${vc.id}/link`, { state: 'reconnecting' });
    const lost = await agent.post(`/api/v1/video/cases/${vc.id}/link`, { state: 'lost' });
    expect(lost.body.status).toBe('returned');
    expect(lost.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'ring',
      'active',
      'reconnecting',
      'active',
      'reconnecting',
      'returned',
    ]);
  });
});
