import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImpairedVideoStack, seenValues, watchAttr, type ImpairedVideoStack } from './video-impaired';
import { framesAbove, signInConsole, takeVideoTicket, withAttr } from './video-stack';

/**
 * Before any page script of the kiosk: what each camera / microphone request asked for (window.__gum,
 * 'video' / 'audio' / 'video+audio') and every peer connection made (window.__pcs).
 */
const WATCH_MEDIA = `
  (() => {
    window.__gum = [];
    const md = navigator.mediaDevices;
    const get = md.getUserMedia.bind(md);
    md.getUserMedia = (c) => {
      window.__gum.push([c.video ? 'video' : '', c.audio ? 'audio' : ''].filter(Boolean).join('+'));
      return get(c);
    };
    window.__pcs = [];
    const P = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends P {
      constructor(...a) { super(...a); window.__pcs.push(this); }
    };
  })();
`;
/** What the kiosk puts on the wire: tracks on its senders and RTP bytes sent, over all its peers. */
const SENT = `(async () => {
  let tracks = 0, bytes = 0;
  for (const pc of window.__pcs) {
    for (const s of pc.getSenders()) if (s.track) tracks++;
    (await pc.getStats()).forEach((r) => { if (r.type === 'outbound-rtp') bytes += r.bytesSent || 0; });
  }
  return { tracks, bytes };
})()`;

// Video help on a poor community network (issue 19), through coturn behind the impairment relay
// (relay-only ICE). One call for the whole file, in order:
//  0. on a 10 % loss / 200 ms RTT link the connection is made while the kiosk rings; the camera is
//     started but nothing is sent and the microphone stays closed; answering then brings the media
//     both ways;
//  1. a 0.3 s blip (everything dropped) is no alarm: neither side ever shows "reconnecting";
//  2. the link degrades: the agent sees poor / very poor in Chinese (never a raw state word) with the
//     advice, the resident sees the notice; both clear once the link recovers;
//  3. on a very poor link the agent offers audio only, the resident agrees: video stops both ways,
//     the call and the case go on; back to video the same way.
// Timeouts are generous (the machine is shared); what is asserted is what each side shows.

describe('video call quality on a poor network', () => {
  let st: ImpairedVideoStack;
  beforeAll(async () => {
    st = await startImpairedVideoStack();
  });
  afterAll(() => st?.close());

  it('makes the connection while the kiosk rings on a lossy slow link, sending nothing before the answer', async () => {
    const { s, relay } = st;
    await s.kioskPage.addInitScript(WATCH_MEDIA);
    await s.consolePage.addInitScript(WATCH_MEDIA);
    const number = await takeVideoTicket(s);
    await signInConsole(s);
    await s.consolePage.locator(`[data-ticket="${number}"]`).waitFor({ timeout: 15_000 });
    relay.set('up', { dropPct: 10, delayMs: 100 });
    await s.consolePage.getByTestId('call-next').click();
    await s.kioskPage.getByTestId('video-ringing').waitFor({ timeout: 15_000 });
    // TURN allocations, ICE and DTLS through the lossy relay, all while it rings.
    await withAttr(s.kioskPage, 'video-ringing', 'data-link', 'connected', 30_000);
    // The camera warms up while it rings; the microphone does not open, and nothing goes out.
    expect(await s.kioskPage.evaluate('window.__gum')).toEqual(['video']);
    expect(await s.kioskPage.evaluate(SENT)).toEqual({ tracks: 0, bytes: 0 });
    // The agent's camera is held too: the kiosk's silence is not taken for an answer.
    expect(await s.consolePage.evaluate(SENT)).toEqual({ tracks: 0, bytes: 0 });
    await s.kioskPage.getByTestId('video-accept').click();
    await framesAbove(s.consolePage, 'call-stats', 0, 30_000);
    await framesAbove(s.kioskPage, 'video-call', 0, 30_000);
    expect(await s.kioskPage.evaluate('window.__gum')).toEqual(['video', 'audio']);
    expect(await s.kioskPage.evaluate(SENT)).toMatchObject({ tracks: 2 });
    // The rest of the file starts from a clean link with a settled meter.
    relay.set('up', { dropPct: 0, delayMs: 0 });
    await withAttr(s.consolePage, 'call-stats', 'data-connection', 'connected', 30_000);
    await withAttr(s.kioskPage, 'video-call', 'data-connection', 'connected', 30_000);
    await withAttr(s.consolePage, 'call-quality', 'data-state', 'good', 30_000);
  });

  it('shows no "reconnecting" on a 0.3 s blip', async () => {
    const { s, relay } = st;
    await s.consolePage.evaluate(watchAttr('call-view', 'data-link'));
    await s.kioskPage.evaluate(watchAttr('video-call', 'data-link'));
    relay.set('up', { dropPct: 100 });
    relay.set('down', { dropPct: 100 });
    await new Promise((r) => setTimeout(r, 300));
    relay.set('up', { dropPct: 0 });
    relay.set('down', { dropPct: 0 });
    // Nothing to await for an alarm that must not come: watch well past the 2 s threshold.
    await new Promise((r) => setTimeout(r, 6000));
    expect(await s.consolePage.evaluate(seenValues('call-view', 'data-link'))).toEqual(['connected']);
    expect(await s.kioskPage.evaluate(seenValues('video-call', 'data-link'))).toEqual(['connected']);
    const timeline = await s.consolePage.getByTestId('call-pane').getAttribute('data-timeline');
    expect(timeline).not.toContain('reconnecting');
  });

  it('shows poor or very poor on both sides when the link degrades, and good again after', async () => {
    const { s, relay } = st;
    const bad = s.consolePage.locator(
      '[data-testid="call-quality"][data-state="poor"], [data-testid="call-quality"][data-state="very-poor"]',
    );
    const t0 = Date.now();
    relay.set('up', { dropPct: 20, delayMs: 100, jitterMs: 20 });
    await bad.waitFor({ timeout: 20_000 });
    const tookMs = Date.now() - t0;
    const text = await s.consolePage.getByTestId('call-quality').innerText();
    expect(text).toMatch(/网络较差|网络很差/);
    expect(await s.consolePage.getByTestId('quality-hint').innerText()).toMatch(/证件照片|仅语音/);
    await s.kioskPage.getByTestId('kiosk-quality').waitFor({ timeout: 20_000 });
    expect(await s.kioskPage.getByTestId('kiosk-quality').innerText()).toMatch(
      /网络.*差[\s\S]*connection is/,
    );
    // The Chinese console never shows a raw state word.
    expect(await s.consolePage.locator('body').innerText()).not.toMatch(/reconnecting|very-poor|\bpoor\b/i);
    relay.set('up', { dropPct: 0, delayMs: 0, jitterMs: 0 });
    await withAttr(s.consolePage, 'call-quality', 'data-state', 'good', 30_000);
    await s.kioskPage.getByTestId('kiosk-quality').waitFor({ state: 'detached', timeout: 30_000 });
    console.log(`quality e2e: degraded state shown ${tookMs} ms after the link degraded`);
  });

  it('switches to audio only by agreement on a very poor link, keeping the call, and back', async () => {
    const { s, relay } = st;
    relay.set('up', { dropPct: 30 });
    await withAttr(s.consolePage, 'call-quality', 'data-state', 'very-poor', 30_000);
    await s.consolePage.getByTestId('propose-media').click();
    await s.kioskPage.getByTestId('kiosk-media-ask').waitFor({ timeout: 15_000 });
    await s.kioskPage.getByTestId('media-yes').click();
    await withAttr(s.consolePage, 'call-view', 'data-video', 'false', 15_000);
    await withAttr(s.kioskPage, 'video-call', 'data-video', 'false', 15_000);
    await s.kioskPage.getByTestId('kiosk-audio-only').waitFor();
    relay.set('up', { dropPct: 0 });
    // Audio alone, the call is judged on its audio and comes back to good; the case is still live.
    await withAttr(s.consolePage, 'call-quality', 'data-state', 'good', 30_000);
    expect(await s.consolePage.getByTestId('call-pane').getAttribute('data-case-status')).toBe('active');
    expect(await s.consolePage.getByTestId('call-view').getAttribute('data-link')).toBe('connected');

    // Back to video, again by agreement: frames flow again both ways.
    await s.consolePage.getByTestId('propose-media').click();
    await s.kioskPage.getByTestId('media-yes').click();
    await withAttr(s.consolePage, 'call-view', 'data-video', 'true', 15_000);
    const a = await framesAbove(s.consolePage, 'call-stats', 0);
    const k = await framesAbove(s.kioskPage, 'video-call', 0);
    expect(await framesAbove(s.consolePage, 'call-stats', a, 30_000)).toBeGreaterThan(a);
    expect(await framesAbove(s.kioskPage, 'video-call', k, 30_000)).toBeGreaterThan(k);
  });
});
