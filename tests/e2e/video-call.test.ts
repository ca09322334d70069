import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  framesAbove,
  signIn,
  startCall,
  startVideoStack,
  WANG,
  withAttr,
  type VideoStack,
} from './video-stack';

// Remote video assistance end to end: two Chromium instances with fake camera and microphone, the
// real central service, an enrolled kiosk host with simulated card reader and printer.

describe('video call from a kiosk ticket to the receipt', () => {
  let s: VideoStack;
  beforeAll(async () => {
    s = await startVideoStack();
  });
  afterAll(() => s?.close());

  it('connects, decodes video both ways, exchanges a document and a signature, rates and prints', async () => {
    const { kioskPage: kiosk, consolePage: agent } = s;
    // The agent's queue shows the ticket from the live event stream; call next rings the kiosk.
    await startCall(s);

    await withAttr(agent, 'call-stats', 'data-connection', 'connected');
    await withAttr(kiosk, 'video-call', 'data-connection', 'connected');
    const a1 = await framesAbove(agent, 'call-stats', 0);
    const k1 = await framesAbove(kiosk, 'video-call', 0);
    expect(await framesAbove(agent, 'call-stats', a1)).toBeGreaterThan(a1);
    expect(await framesAbove(kiosk, 'video-call', k1)).toBeGreaterThan(k1);

    // The agent sees who they serve while serving.
    await agent.getByTestId('identity').filter({ hasText: WANG.name }).waitFor();
    expect(await agent.getByTestId('identity').innerText()).toMatch(/\*{4}/);

    // Document photo: request → live preview → capture → confirm → the agent sees an image of that size.
    await agent.getByTestId('request-doc').click();
    await kiosk.getByTestId('doc-capture-btn').click();
    const still = kiosk.getByTestId('doc-still');
    const width = Number(await still.getAttribute('data-width'));
    const height = Number(await still.getAttribute('data-height'));
    expect(width).toBeGreaterThan(0);
    await kiosk.getByTestId('doc-send').click();
    const photo = agent.locator('img[data-kind="photo"]');
    await photo.waitFor({ timeout: 15_000 });
    type Img = { complete: boolean; naturalWidth: number; naturalHeight: number };
    await photo.evaluate((el) => {
      const img = el as unknown as Img & { decode(): Promise<void> };
      return img.complete ? undefined : img.decode();
    });
    const natural = await photo.evaluate((el) => [
      (el as unknown as Img).naturalWidth,
      (el as unknown as Img).naturalHeight,
    ]);
    expect(natural).toEqual([width, height]);

    // Signature on the touchscreen.
    await agent.getByRole('textbox', { name: /签名确认内容|Text to sign/ }).fill('本人确认所述情况属实');
    await agent.getByTestId('request-sign').click();
    const pad = kiosk.getByTestId('sign-pad');
    await pad.waitFor();
    const box = (await pad.boundingBox())!;
    await kiosk.mouse.move(box.x + 40, box.y + box.height / 2);
    await kiosk.mouse.down();
    for (let i = 1; i <= 20; i++)
      await kiosk.mouse.move(box.x + 40 + i * 25, box.y + box.height / 2 + (i % 2 ? 30 : -30));
    await kiosk.mouse.up();
    await kiosk.getByTestId('sign-send').click();
    await agent.locator('img[data-kind="signature"]').waitFor({ timeout: 15_000 });

    // Outcome 补材料: the missing materials go on the receipt.
    await agent.getByRole('radio', { name: /补材料|Bring more materials/ }).check();
    const caseNumber = await agent.getByTestId('call-pane').getAttribute('data-case-number');
    expect(caseNumber).toMatch(/^VC\d{8}-\d{4}$/);
    await agent.getByTestId('finish').click();

    // Rating 不满意 with a reason given by one tap (a touch screen has no keyboard); then the receipt
    // prints and the kiosk says central has the rating.
    await kiosk.getByTestId('video-rating').waitFor({ timeout: 15_000 });
    await kiosk.locator('[data-level="2"]').click();
    await kiosk.getByTestId('reason-wait').click();
    const printed = s.kiosk.printerSim.nextTicket(20_000);
    await kiosk.getByTestId('rating-submit').click();
    const receipt = await printed;
    expect(receipt.transcript).toContain(caseNumber!);
    await withAttr(kiosk, 'video-receipt', 'data-step', 'printed');
    expect(await kiosk.getByTestId('video-receipt').getAttribute('data-rated')).toBe('delivered');

    const supervisor = await signIn(s.central.url.replace(/\/$/, ''), 'supervisor');
    const { followUps } = await supervisor.get<{
      followUps: Array<{ caseNumber: string; status: string; reason: string }>;
    }>('/api/v1/video/follow-ups?status=open');
    expect(followUps).toEqual([
      expect.objectContaining({ caseNumber, status: 'open', reason: '等待时间太长' }),
    ]);
  });
});
