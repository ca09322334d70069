import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FleetResponse } from '../../contract/fleet';
import { launchChromium } from '../helpers/chromium';
import { startKioskStack, type KioskStack } from '../helpers/kiosk-stack';
import { signIn } from '../helpers/staff';
import { SHOTS } from './kiosk-audit';

// Technician mode tests what video help needs on the kiosk itself, against Chromium's fake camera and
// microphone: the camera shows a live picture, the microphone's level moves, the speaker's tone is
// confirmed by the technician, and a missing document camera is reported as missing. The results go
// to the host's device status and, with the next heartbeat, to the district's fleet view.

const PIN = '123456';

describe('technician mode: camera, microphone, speaker and document camera tests', () => {
  let stack: KioskStack;
  let browser: Browser;
  beforeAll(async () => {
    stack = await startKioskStack({ headless: true, pin: PIN });
    browser = await launchChromium({ video: true });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('runs each test, shows the result in words and reports it with the devices', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
    await page.goto(stack.kioskUrl);
    await page.getByTestId('tile-take').waitFor({ timeout: 20_000 });
    for (let i = 0; i < 5; i++) await page.getByTestId('tech-corner').first().click();
    for (const k of PIN) await page.getByTestId(`pin-${k}`).click();
    await page.getByTestId('pin-ok').click();
    const row = (kind: string) => page.getByTestId(`tech-media-${kind}`);
    await row('camera').waitFor({ timeout: 10_000 });
    expect(await row('camera').getAttribute('data-state')).toBe('idle');
    expect(await row('camera').innerText()).toContain('未测试');

    await page.getByTestId('tech-media-run-camera').click();
    await page.locator('[data-testid="tech-media-camera"][data-state="ok"]').waitFor({ timeout: 20_000 });
    expect(await row('camera').innerText()).toMatch(/正常[\s\S]*\d+×\d+, \d+ frames/);

    await page.getByTestId('tech-media-run-microphone').click();
    await page.getByTestId('tech-media-level').waitFor(); // the meter shows while it listens
    await page
      .locator('[data-testid="tech-media-microphone"]:is([data-state="ok"], [data-state="failed"])')
      .waitFor({
        timeout: 20_000,
      });
    expect(await row('microphone').innerText()).toMatch(/peak -?\d+ dBFS/);
    expect(await row('microphone').getAttribute('data-state')).toBe('ok'); // the fake microphone beeps

    await page.getByTestId('tech-media-run-speaker').click();
    await page.getByTestId('tech-media-heard').click({ timeout: 10_000 });
    await page.locator('[data-testid="tech-media-speaker"][data-state="ok"]').waitFor({ timeout: 10_000 });

    // Chromium offers one fake camera: no document camera, said so, not passed.
    await page.getByTestId('tech-media-run-document_camera').click();
    await page.locator('[data-testid="tech-media-document_camera"][data-state="failed"]').waitFor({
      timeout: 20_000,
    });
    expect(await row('document_camera').innerText()).toContain('未找到第二个摄像头');

    // Kept for a person to look at: the panel after every test, at both kiosk screen sizes.
    await page.screenshot({ path: `${SHOTS}/tech-media-1280x1024.png`, fullPage: true });
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.screenshot({ path: `${SHOTS}/tech-media-1080x1920.png`, fullPage: true });
    const status = await stack.host.call('devices.status', {});
    const media = new Map((status.media ?? []).map((m) => [m.kind, m]));
    expect([...media.keys()].sort()).toEqual(['camera', 'document_camera', 'microphone', 'speaker']);
    expect(media.get('camera')?.ok).toBe(true);
    expect(media.get('document_camera')?.ok).toBe(false);

    // With the next heartbeat, the district sees them.
    await stack.host.syncNow();
    const supervisor = await signIn(stack.centralUrl, 'supervisor');
    const fleet = await supervisor.get<FleetResponse>('/api/v1/admin/fleet?centreId=c-zhangjiang');
    const kiosk = fleet.stations.flatMap((s) => s.kiosks).find((k) => k.devices?.media);
    expect(kiosk?.devices?.media?.find((m) => m.kind === 'speaker')?.ok).toBe(true);

    await page.close();
  });
});
