import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { emit, openKiosk, tap } from '../helpers/kiosk-session';
import { caseEvent, serveRenderer, videoCase } from './kiosk-fake-host';

// The kiosk's camera warms up while it rings (issue 19, docs/decisions.md): camera only, no
// microphone, and its light goes off as soon as the ring ends without an answer. On the answer the
// microphone joins the running camera (no second camera request). Chromium with fake devices and a
// scripted host; what is checked is what the resident could notice: which devices are open.

/** Before any page script: each camera / microphone request and the streams it gave. */
const WATCH_DEVICES = `
  (() => {
    window.__gum = [];
    window.__streams = [];
    const md = navigator.mediaDevices;
    const get = md.getUserMedia.bind(md);
    md.getUserMedia = async (c) => {
      window.__gum.push([c.video ? 'video' : '', c.audio ? 'audio' : ''].filter(Boolean).join('+'));
      const s = await get(c);
      window.__streams.push(s);
      return s;
    };
  })();
`;
/** The kinds of the tracks still capturing (camera light on: 'video'). */
const LIVE = `window.__streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').map((t) => t.kind).sort()`;

async function liveBecomes(page: Page, want: string[]): Promise<void> {
  // Bounded: up to 15 s, checked every 100 ms.
  for (let i = 0; i < 150; i++) {
    if (JSON.stringify(await page.evaluate(LIVE)) === JSON.stringify(want)) return;
    await page.waitForTimeout(100);
  }
  expect(await page.evaluate(LIVE)).toEqual(want);
}

describe('the kiosk camera while it rings', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRenderer>>;
  beforeAll(async () => {
    server = await serveRenderer();
    browser = await launchChromium({ video: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function ringing(id: string) {
    const page = await openKiosk(browser, server.url);
    await page.addInitScript(WATCH_DEVICES);
    await page.reload();
    await page.getByTestId('tile-take').waitFor();
    await emit(page, caseEvent(videoCase(id, 'ringing')));
    await page.getByTestId('video-ringing').waitFor();
    return page;
  }

  it('starts the camera, not the microphone, while it rings, and turns it off when the ring is declined', async () => {
    const page = await ringing('vc-cam-0001');
    await liveBecomes(page, ['video']);
    expect(await page.evaluate('window.__gum')).toEqual(['video']);
    await tap(page, 'video-decline');
    await emit(page, caseEvent(videoCase('vc-cam-0001', 'declined')));
    await liveBecomes(page, []);
    expect(await page.evaluate('window.__gum')).toEqual(['video']);
    await page.close();
  });

  it('turns the camera off when the ring times out unanswered', async () => {
    const page = await ringing('vc-cam-0002');
    await liveBecomes(page, ['video']);
    await emit(page, caseEvent(videoCase('vc-cam-0002', 'missed')));
    await liveBecomes(page, []);
    await page.close();
  });

  it('adds only the microphone on the answer, to the camera already running', async () => {
    const page = await ringing('vc-cam-0003');
    await liveBecomes(page, ['video']);
    await tap(page, 'video-accept');
    await liveBecomes(page, ['audio', 'video']);
    expect(await page.evaluate('window.__gum')).toEqual(['video', 'audio']);
    await page.getByTestId('kiosk-self-video').waitFor();
    await page.close();
  });
});
