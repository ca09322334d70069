import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayedVideoStack } from './video-coturn';
import { framesAbove, startCall, withAttr, type VideoStack } from './video-stack';

// The same call forced through TURN (iceTransportPolicy: relay) with Debian's coturn on loopback and
// credentials minted by the central service: the selected candidate pair is a relay on both sides.

describe('video call through TURN', () => {
  let s: VideoStack;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ s, close } = await startRelayedVideoStack({ turnTtlSec: 600 }));
  });
  afterAll(() => close?.());

  it('connects over relay candidates with credentials from the central service', async () => {
    const { kioskPage: kiosk, consolePage: agent } = s;
    await startCall(s);

    await withAttr(agent, 'call-stats', 'data-connection', 'connected', 30_000);
    await withAttr(kiosk, 'video-call', 'data-connection', 'connected', 30_000);
    await framesAbove(agent, 'call-stats', 0);
    await framesAbove(kiosk, 'video-call', 0);
    expect(await agent.getByTestId('call-stats').getAttribute('data-path')).toBe('relay');
    expect(await kiosk.getByTestId('video-call').getAttribute('data-path')).toBe('relay');
  });
});
