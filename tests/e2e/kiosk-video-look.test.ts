import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { emit, hostRequests, KIOSK_SIZES, openKiosk, setModes, tap } from '../helpers/kiosk-session';
import { SHOTS } from './kiosk-audit';
import { outOfView } from './kiosk-fit';
import { caseEvent, pushEvent, serveRenderer, videoCase } from './kiosk-fake-host';
import { fontSize, lookProblems, type LookFloors } from './kiosk-look';

// The call screens as a resident sees them (issue 15), in Chromium with fake cameras and a scripted
// host: every state from the ring to the thank-you, at both kiosk sizes, in Chinese and English,
// normal and elder mode. No browser-default button, action text and targets at the kiosk's sizes,
// the agent's name readable from a step back, nothing off screen; a screenshot of each state.

const FLOORS: Record<'normal' | 'elder', LookFloors> = {
  normal: { action: 28, key: 22, height: 64 },
  elder: { action: 34, key: 28, height: 72 },
};
const NAME_FLOOR = 40;
/** In the suite, the two extremes: Chinese in normal mode (the smallest floors) and English in elder
 * mode (the largest type and the longest words). DOORSTEP_LOOK_ALL=1 walks all four combinations. */
const MODES: Array<{ en?: boolean; elder?: boolean }> = process.env.DOORSTEP_LOOK_ALL
  ? [{}, { en: true, elder: true }, { elder: true }, { en: true }]
  : [{}, { en: true, elder: true }];

describe('kiosk call screens look like the kiosk', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRenderer>>;
  let cases = 0;

  beforeAll(async () => {
    server = await serveRenderer();
    browser = await launchChromium({ video: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Ringing → call → materials → audio-only offer → audio-only → document → signature →
   * reconnecting → rating → thanks, checking each; returns what is wrong, by screen. */
  async function walk(page: Page, tag: string, floors: LookFloors): Promise<string[]> {
    const problems: string[] = [];
    const check = async (screen: string) => {
      const at = `${screen}-${tag}`;
      await page.screenshot({ path: `${SHOTS}/kiosk-call-${at}.png` });
      const scope = '.video-overlay, .video-notice';
      problems.push(...(await lookProblems(page, scope, floors)).map((p) => `${at}: ${p}`));
      problems.push(...(await outOfView(page)).map((p) => `${at}: ${p}`));
    };
    const id = `vc-look-${++cases}`;
    await emit(page, caseEvent(videoCase(id, 'ringing')));
    await page.getByTestId('video-ringing').waitFor();
    const ringName = await fontSize(page, '[data-testid="agent-name"]');
    if (ringName < NAME_FLOOR) problems.push(`ringing-${tag}: agent name ${ringName} px`);
    await check('ringing');
    await tap(page, 'video-accept');
    await page.getByTestId('video-call').waitFor();
    const callName = await fontSize(page, '[data-testid="agent-name"]');
    if (callName < NAME_FLOOR) problems.push(`call-${tag}: agent name ${callName} px`);
    await check('call');
    await emit(
      page,
      pushEvent(id, {
        kind: 'checklist',
        title: { zh: '居住证办理', en: 'Residence permit' },
        items: [
          { zh: '居民身份证', en: 'Resident ID card' },
          { zh: '户口簿', en: 'Household register' },
        ],
      }),
    );
    await page.getByTestId('pushed-checklist').waitFor();
    await check('materials');
    await emit(page, pushEvent(id, { kind: 'clear' }));
    await emit(page, {
      type: 'video',
      message: {
        type: 'relay',
        caseId: id,
        from: 'agent',
        body: { kind: 'media', video: false, step: 'propose' },
      },
    });
    await page.getByTestId('kiosk-media-ask').waitFor();
    await check('audio-offer');
    await tap(page, 'media-yes');
    await page.getByTestId('kiosk-audio-only').waitFor();
    await check('audio-only');
    await emit(page, pushEvent(id, { kind: 'document.request', label: { zh: '身份证', en: 'ID card' } }));
    await page.locator('[data-testid="doc-capture-btn"]:enabled').waitFor();
    await check('document');
    await emit(page, pushEvent(id, { kind: 'signature.request', text: '本人确认以上所述情况属实。' }));
    await page.getByTestId('sign-pad').waitFor();
    await check('signature');
    await emit(page, caseEvent(videoCase(id, 'reconnecting')));
    await page.getByTestId('kiosk-reconnecting').waitFor();
    await check('reconnecting');
    await emit(page, caseEvent(videoCase(id, 'ended')));
    await page.getByTestId('video-rating').waitFor();
    await check('rating');
    await page.locator('[data-level="5"]').click();
    await tap(page, 'rating-submit');
    await page.getByTestId('video-thanks').waitFor();
    await check('thanks');
    return problems;
  }

  it('a kiosk whose camera cannot be used says so in a styled notice, and the call keys stay on screen', async () => {
    const kiosk = await openKiosk(browser, server.url, {}, KIOSK_SIZES[0]);
    // A camera another program holds: getUserMedia refuses, as Chromium does then.
    await kiosk.addInitScript(
      "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Could not start video source', 'NotReadableError'));",
    );
    await kiosk.reload();
    await kiosk.getByTestId('tile-take').waitFor();
    const id = `vc-nocam-${++cases}`;
    await emit(kiosk, caseEvent(videoCase(id, 'ringing')));
    await tap(kiosk, 'video-accept');
    const notice = kiosk.getByTestId('kiosk-no-camera');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('无法使用摄像头或麦克风');
    expect(await kiosk.getByTestId('kiosk-connecting').count()).toBe(0);
    expect(await kiosk.getByTestId('kiosk-self-video').count()).toBe(0);
    expect(await fontSize(kiosk, '[data-testid="kiosk-no-camera"]')).toBeGreaterThanOrEqual(28);
    expect(await lookProblems(kiosk, '.video-overlay', FLOORS.normal)).toEqual([]);
    expect(await outOfView(kiosk)).toEqual([]);
    await kiosk.screenshot({ path: `${SHOTS}/kiosk-call-no-camera-zh-normal-1080x1920.png` });
    await kiosk.close();
  });

  for (const size of KIOSK_SIZES) {
    it(`at ${size.width}×${size.height}, the signature pad uses the space with a visible pen, and the kiosk says the signature was sent`, async () => {
      const page = await openKiosk(browser, server.url, {}, size);
      const id = `vc-sign-${++cases}`;
      await emit(page, caseEvent(videoCase(id, 'ringing')));
      await tap(page, 'video-accept');
      await emit(page, pushEvent(id, { kind: 'signature.request', text: '本人确认以上所述情况属实。' }));
      const pad = page.getByTestId('sign-pad');
      await pad.waitFor();
      const box = (await pad.boundingBox())!;
      // Not the 381×135 strip residents met: most of the screen's width, half as high.
      expect(box.width).toBeGreaterThanOrEqual(600);
      expect(box.height).toBeGreaterThanOrEqual(300);
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width * 0.2, y);
      await page.mouse.down();
      for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (0.2 + i * 0.05), y);
      await page.mouse.up();
      // The stroke's thickness on screen, read from the canvas's pixels across the middle of the line.
      const pen = await pad.evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const px = c.getContext('2d')!.getImageData(Math.round(c.width / 2), 0, 1, c.height).data;
        let ink = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i]! > 128) ink++;
        return (ink * c.getBoundingClientRect().height) / c.height;
      });
      expect(pen).toBeGreaterThanOrEqual(3);
      await page.screenshot({ path: `${SHOTS}/kiosk-call-signed-${size.width}x${size.height}.png` });
      await tap(page, 'sign-send');
      const sent = page.getByTestId('kiosk-sent');
      await sent.waitFor();
      expect(await sent.innerText()).toContain('签名已发送');
      expect(await sent.innerText()).toContain('signature was sent');
      expect(await sent.innerText()).not.toContain('照片');
      const upload = (await hostRequests(page)).find((r) => r.channel === 'video.upload')!.request as {
        document: { kind: string; width: number; height: number };
      };
      expect(upload.document).toMatchObject({ kind: 'signature', width: 900, height: 450 });
      expect(page.errors).toEqual([]);
      await page.close();
    });

    it(`at ${size.width}×${size.height}, every call screen is styled, large and on screen, in zh and en, normal and elder mode`, async () => {
      const problems: string[] = [];
      for (const modes of MODES) {
        const page = await openKiosk(browser, server.url, {}, size);
        await setModes(page, modes);
        const tag = `${modes.en ? 'en' : 'zh'}-${modes.elder ? 'elder' : 'normal'}-${size.width}x${size.height}`;
        problems.push(...(await walk(page, tag, FLOORS[modes.elder ? 'elder' : 'normal'])));
        expect(page.errors).toEqual([]);
        await page.close();
      }
      expect(problems).toEqual([]);
    }, 180_000);
  }
});
