import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRelayedVideoStack, type TestTurn } from './video-coturn';
import { framesAbove, startCall, withAttr, type VideoStack } from './video-stack';

// Network trouble mid-call. The call runs through a coturn relay (iceTransportPolicy: relay) that the
// test freezes with SIGSTOP: every media and ICE packet is lost, as when the kiosk's network drops.
// Thawed in time, the call comes back by ICE restart; left frozen past the limit, the ticket goes back
// to the head of the queue for the same agent and the case keeps its number and timeline.

describe('video call network trouble', () => {
  let s: VideoStack;
  let turn: TestTurn;
  let close: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    ({ s, turn, close } = await startRelayedVideoStack({ reconnectLimitSec: 30 }));
  });
  afterEach(() => close?.());

  async function connectedCall(): Promise<{ number: string; caseNumber: string }> {
    const number = await startCall(s);
    await withAttr(s.consolePage, 'call-stats', 'data-connection', 'connected', 30_000);
    await withAttr(s.kioskPage, 'video-call', 'data-connection', 'connected', 30_000);
    await framesAbove(s.kioskPage, 'video-call', 0);
    const caseNumber = (await s.consolePage.getByTestId('call-pane').getAttribute('data-case-number'))!;
    return { number, caseNumber };
  }

  it('shows reconnecting on both sides and recovers by ICE restart', async () => {
    await connectedCall();
    turn.freeze();
    await withAttr(s.consolePage, 'call-view', 'data-link', 'reconnecting', 30_000);
    await s.kioskPage.getByTestId('kiosk-reconnecting').waitFor({ timeout: 30_000 });
    // The agent's side restarts ICE while the path is down (and keeps retrying until it is back).
    await s.consolePage
      .locator('[data-testid="call-stats"]:not([data-ice-restarts="0"])')
      .waitFor({ timeout: 20_000 });
    turn.thaw();
    await withAttr(s.consolePage, 'call-view', 'data-link', 'connected', 40_000);
    await withAttr(s.kioskPage, 'video-call', 'data-connection', 'connected', 40_000);
    // Video flows again after the restart, both ways.
    const a = await framesAbove(s.consolePage, 'call-stats', 0);
    const k = await framesAbove(s.kioskPage, 'video-call', 0);
    expect(await framesAbove(s.consolePage, 'call-stats', a)).toBeGreaterThan(a);
    expect(await framesAbove(s.kioskPage, 'video-call', k)).toBeGreaterThan(k);
    await s.kioskPage.getByTestId('kiosk-reconnecting').waitFor({ state: 'detached' });
  });

  it('returns the ticket to the head of the same agent queue when the call cannot be restored', async () => {
    await s.admin.put('/api/v1/admin/video-config', { reconnectLimitSec: 5 });
    const { number, caseNumber } = await connectedCall();
    turn.freeze();
    await withAttr(s.consolePage, 'call-view', 'data-link', 'reconnecting', 30_000);
    await s.consolePage.getByTestId('returned').waitFor({ timeout: 30_000 });
    await s.kioskPage.getByTestId('video-notice').waitFor({ timeout: 10_000 });
    // Back in the queue, first in line.
    const first = s.consolePage.locator('[data-testid="queue"] tbody tr').first();
    await s.consolePage
      .locator(`[data-testid="queue"] tbody tr[data-ticket="${number}"]`)
      .waitFor({ timeout: 15_000 });
    expect(await first.getAttribute('data-ticket')).toBe(number);

    // The same agent calls again: the same case rings, with its timeline kept.
    turn.thaw();
    await s.consolePage.getByTestId('call-next').click();
    await s.kioskPage.getByTestId('video-ringing').waitFor({ timeout: 15_000 });
    await withAttr(s.consolePage, 'call-pane', 'data-case-number', caseNumber);
    const timeline = await s.consolePage.getByTestId('call-pane').getAttribute('data-timeline');
    expect(timeline).toContain('returned');
  });
});
