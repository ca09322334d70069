import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCentral, idNumber, startTestCentral } from '../central/harness';

// A resident waits once per item in the whole district. Asked again at a kiosk of another centre,
// central refuses instead of handing that kiosk the existing ticket (number, place, status link).

describe('a ticket of another centre', () => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { listen: false });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('is not handed to a kiosk of another centre when the same resident asks there', async () => {
    const zhangjiang = await c.kiosk('s-zhangjiang-1');
    const huamu = await c.kiosk('s-huamu-1');
    const body = { itemId: 'i-sbk', channel: 'window', idNumber: idNumber('19650303', 7) };
    const first = await zhangjiang.post('/api/v1/tickets', body);
    expect(first.status).toBe(201);
    const elsewhere = await huamu.post('/api/v1/tickets', body);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.code).toBe('CONFLICT');
    expect(JSON.stringify(elsewhere.body)).not.toContain(first.body.id);
    expect(JSON.stringify(elsewhere.body)).not.toContain(first.body.number);
    // At its own centre the resident still gets the same ticket back.
    const again = await zhangjiang.post('/api/v1/tickets', body);
    expect(again.body).toMatchObject({ id: first.body.id, reprint: true });
  });
});
