import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type RunningCentral } from '../../central/server';
import { startBrowserShell } from '../../main/host/browser-shell/server';
import { createKioskHost } from '../../main/host/host';
import type { DriverFactory } from '../../main/host/devices/drivers';
import { enrollWithHost } from '../../main/host/provisioning/enroll';
import { startFirstBoot } from '../../main/host/provisioning/first-boot';
import { launchChromium } from '../helpers/chromium';

// The fresh kiosk's screen in Debian's Chromium at the kiosk's 1920×1080: the "not provisioned" page in
// both languages, a keyboard-wedge scanner typing the enrollment sheet's code into it, then the screen
// going to the start screen by itself once the host serves the kiosk page.

const NO_DEVICES: DriverFactory = {
  reader: () => {
    throw new Error('none');
  },
  printer: () => {
    throw new Error('none');
  },
  detect: async () => ({ reader: null, printer: null }),
};

let dir: string;
let central: RunningCentral;
let browser: Browser;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'doorstep-firstboot-page-'));
  central = await startCentral({ port: 0, dataDir: join(dir, 'central'), seed: 'demo' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the "not provisioned" screen (Chromium, 1920×1080)', () => {
  it('tells the technician what to do in both languages, enrolls from a wedge scan and goes to the start screen', async () => {
    const dataDir = join(dir, 'kiosk');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'kiosk.json'), JSON.stringify({ centralUrl: central.url }));
    const fb = await startFirstBoot({
      dataDir,
      port: 0,
      watch: [],
      scanners: [],
      enroll: enrollWithHost(dataDir),
      log: () => undefined,
    });
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    try {
      await page.goto(fb.url);
      await page.getByTestId('central').getByText(central.url).first().waitFor();
      const text = await page.locator('body').innerText();
      for (const s of [
        '本终端尚未配置',
        'This kiosk is not provisioned',
        '扫描终端登记单上的二维码',
        'enrollment sheet',
      ])
        expect(text).toContain(s);
      expect(text.indexOf('本终端尚未配置')).toBeLessThan(text.indexOf('This kiosk is not provisioned'));

      // A keyboard-wedge scanner types into whatever has the focus and presses Enter.
      await page.keyboard.type('NOT-A-CODE');
      await page.keyboard.press('Enter');
      await page.getByTestId('status').getByText('不是终端登记码').waitFor();

      await page.keyboard.type(await central.enrollmentCode('s-zhangjiang-1'));
      await page.keyboard.press('Enter');
      await fb.done;
      await page.getByTestId('status').getByText('登记成功').waitFor();

      // The page ran without errors; during the hand-off its polls may meet the port changing hands.
      expect(errors).toEqual([]);
      await fb.stopListening();
      const renderer = join(dir, 'renderer');
      mkdirSync(join(renderer, 'kiosk'), { recursive: true });
      mkdirSync(join(renderer, 'assets'), { recursive: true });
      writeFileSync(
        join(renderer, 'kiosk', 'index.html'),
        '<!doctype html><title>kiosk</title><h1>start screen</h1>',
      );
      const host = await createKioskHost({ dataDir, drivers: NO_DEVICES });
      const shell = await startBrowserShell({
        host,
        log: () => undefined,
        rendererDir: renderer,
        port: fb.port,
      });
      try {
        fb.handOff(shell.kioskUrl);
        await page.waitForURL(/\/kiosk\/#bridge=/).catch((err: Error) => {
          throw new Error(`${err.message}; the page is at ${page.url()}`);
        });
        await page.getByText('start screen').waitFor();
      } finally {
        await shell.close();
        await host.close();
      }
    } finally {
      await page.close();
      await fb.close();
    }
  });
});
