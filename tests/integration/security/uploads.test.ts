import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type KioskClient, type TestCentral, startTestCentral } from '../central/harness';
import { jpegBytes, pngBytes } from '../../helpers/images';
import { activeCase } from '../video/video-harness';

// Uploaded case images are what they say they are: the bytes start with the declared type's magic
// bytes and carry the declared size, else 400 VALIDATION_FAILED naming the field, and nothing is
// stored. The check is the service's, before any database work (SQLite only).

describe('an uploaded case image', () => {
  let c: TestCentral;
  let kiosk: KioskClient;
  let agent: Client;
  let caseId: string;
  beforeAll(async () => {
    c = await startTestCentral('sqlite');
    kiosk = await c.kiosk();
    agent = await c.staff('agent1');
    caseId = (await activeCase(c, kiosk, agent)).case.id;
  });
  afterAll(() => c?.close());

  const upload = (mime: string, width: number, height: number, data: Buffer | string) =>
    kiosk.post(`/api/v1/video/cases/${caseId}/documents`, {
      kind: 'photo',
      mime,
      width,
      height,
      dataBase64: typeof data === 'string' ? data : data.toString('base64'),
    });
  const stored = async () =>
    Number((await c.central.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM video_documents'))!.n);

  it.each([
    [
      'an HTML page labelled JPEG',
      'image/jpeg',
      640,
      480,
      Buffer.from('<html><script>x</script></html>'),
      'dataBase64',
    ],
    ['a PNG labelled JPEG', 'image/jpeg', 640, 480, pngBytes(640, 480), 'mime'],
    ['a JPEG labelled PNG', 'image/png', 640, 480, jpegBytes(640, 480), 'mime'],
    ['a JPEG of another width', 'image/jpeg', 1920, 480, jpegBytes(640, 480), 'width'],
    ['a PNG of another height', 'image/png', 640, 1080, pngBytes(640, 480), 'height'],
    ['text that is not base64', 'image/png', 640, 480, 'iVBORw0K!!Go=', 'dataBase64'],
  ])('is refused when it is %s, naming the field', async (_what, mime, w, h, data, field) => {
    const before = await stored();
    const r = await upload(mime, w, h, data);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    expect(await stored()).toBe(before);
  });

  it('is stored when the bytes match the declared type and size', async () => {
    expect((await upload('image/jpeg', 640, 480, jpegBytes(640, 480, Buffer.alloc(100, 7)))).status).toBe(
      201,
    );
    const sig = await kiosk.post(`/api/v1/video/cases/${caseId}/documents`, {
      kind: 'signature',
      mime: 'image/png',
      width: 800,
      height: 300,
      dataBase64: pngBytes(800, 300, Buffer.alloc(100, 1)).toString('base64'),
      signedText: '本人确认',
    });
    expect(sig.status).toBe(201);
  });
});
