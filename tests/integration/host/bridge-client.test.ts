/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../helpers/chromium';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';

// renderer/shared/bridge-client.ts in Chromium against the browser shell (dist/renderer, built by npm
// test): window.doorstep appears with the secret from the fragment, survives a reload, carries events;
// a page with a wrong secret gets no host (NO_HOST), never a connection.

let stack: KioskStack;
let browser: Browser;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('bridge client in the kiosk page', () => {
  it('installs window.doorstep from the fragment secret, hides it, and survives a reload', async () => {
    const page = await browser.newPage();
    await page.goto(stack.kioskUrl);
    const link = await page.evaluate(() => window.doorstep!.call('link.status', {}));
    expect(link).toMatchObject({ online: true, enrolled: true });
    expect(page.url()).not.toContain('bridge=');
    await page.reload();
    const again = await page.evaluate(() => window.doorstep!.call('devices.status', {}));
    expect(again.reader.state).toBe('ok');
    await page.close();
  });

  it('delivers host events to subscribers', async () => {
    const page = await browser.newPage();
    await page.goto(stack.kioskUrl);
    await page.evaluate(() => window.doorstep!.call('link.status', {}));
    const name = page.evaluate(
      () =>
        new Promise<string | null>((resolve) => {
          const off = window.doorstep!.subscribe((e) => {
            if (e.type !== 'identity') return;
            off();
            resolve(e.identity.name);
          });
        }),
    );
    stack.idcardSim.placeCard(0);
    expect(await name).toBe(stack.idcardSim.cards[0]!.fields.name);
    stack.idcardSim.removeCard();
    await page.close();
  });

  it('with a wrong secret the page has no host', async () => {
    const page = await browser.newPage();
    const wrong = stack.kioskUrl.replace(/bridge=[0-9a-f]+/, `bridge=${'0'.repeat(48)}`);
    await page.goto(wrong);
    const code = await page.evaluate(() =>
      window.doorstep!.call('link.status', {}).then(
        () => 'RESOLVED',
        (e: { code?: string }) => e.code ?? 'NO_CODE',
      ),
    );
    expect(code).toBe('NO_HOST');
    await page.close();
  });
});
