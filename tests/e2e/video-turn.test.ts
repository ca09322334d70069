import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn, type TestTurn } from './video-coturn';
import {
  framesAbove,
  signInConsole,
  startVideoStack,
  takeVideoTicket,
  withAttr,
  type VideoStack,
} from './video-stack';

// The same call forced through TURN (iceTransportPolicy: relay) with Debian's coturn on loopback and
// credentials minted by the central service: the selected candidate pair is a relay on both sides.

describe('video call through TURN', () => {
  let s: VideoStack;
  let turn: TestTurn;
  beforeAll(async () => {
    turn = await startCoturn();
    s = await startVideoStack();
    await s.admin.put('/api/v1/admin/video-config', {
      turnUrls: [turn.url],
      turnSecret: turn.secret,
      turnTtlSec: 600,
      iceTransportPolicy: 'relay',
    });
  });
  afterAll(async () => {
    await s?.close();
    await turn?.stop();
  });

  it('connects over relay candidates with credentials from the central service', async () => {
    const { kioskPage: kiosk, consolePage: agent } = s;
    const number = await takeVideoTicket(s);
    await signInConsole(s);
    await agent.locator(`[data-ticket="${number}"]`).waitFor({ timeout: 15_000 });
    await agent.getByTestId('call-next').click();
    await kiosk.getByTestId('video-accept').click({ timeout: 15_000 });

    await withAttr(agent, 'call-stats', 'data-connection', 'connected', 30_000);
    await withAttr(kiosk, 'video-call', 'data-connection', 'connected', 30_000);
    await framesAbove(agent, 'call-stats', 0);
    await framesAbove(kiosk, 'video-call', 0);
    expect(await agent.getByTestId('call-stats').getAttribute('data-path')).toBe('relay');
    expect(await kiosk.getByTestId('video-call').getAttribute('data-path')).toBe('relay');
  });
});
