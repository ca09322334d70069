import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { errorText } from '../../contract/i18n/errors';
import { launchChromium } from '../helpers/chromium';
import { emit, openKiosk, tap } from '../helpers/kiosk-session';
import { CARD_IDENTITY, serveRenderer } from './kiosk-fake-host';

// The kiosk page sees one failure shape whichever transport brought it (renderer/kiosk/doorstep):
// a refusal with field errors, handed over as the Electron preload does and as the browser bridge
// does, shows the same error screen — the code's text in both languages, the refused fields kept.
// (tests/unit/renderer/kiosk-call-errors.test.ts carries the same refusal over the real transports.)

describe('a host refusal on the kiosk error screen', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveRenderer>>;
  beforeAll(async () => {
    server = await serveRenderer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const failureAs of ['ipc', 'bridge'] as const) {
    it(`shows the code's bilingual text and keeps the fields (${failureAs})`, async () => {
      const page = await openKiosk(browser, server.url, {
        failures: { 'tickets.issue': 'VALIDATION_FAILED' },
        failureFields: [{ path: 'itemId', message: 'no such item' }],
        failureAs,
      });
      await emit(page, CARD_IDENTITY);
      await tap(page, 'tile-take');
      await tap(page, 'take-item-JZZ');
      await tap(page, 'confirm-take');
      const screen = page.getByTestId('error-screen');
      await screen.waitFor();
      expect(await screen.getAttribute('data-code')).toBe('VALIDATION_FAILED');
      expect(await screen.getAttribute('data-fields')).toBe('itemId');
      const text = await screen.innerText();
      expect(text).toContain(errorText.VALIDATION_FAILED.zh);
      expect(text).toContain(errorText.VALIDATION_FAILED.en);
      expect(page.errors).toEqual([]);
      await page.close();
    });
  }
});
