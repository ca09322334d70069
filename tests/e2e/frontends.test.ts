import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildCentralApp } from '../../central/app';
import { launchChromium } from '../helpers/chromium';

// The four built front ends (npm test builds them first), served by the central service and loaded
// in Debian's Chromium. Each shows its name in both languages; screenshots go to test-results/.

const NAMES = {
  kiosk: ['自助服务终端', 'Self-service kiosk'],
  console: ['帮办坐席工作台', 'Staff console'],
  display: ['叫号大屏', 'Hall display'],
  dashboard: ['运营看板', 'Supervisor dashboard'],
} as const;

describe('front ends in Chromium', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = await buildCentralApp({ rendererDir: resolve('dist/renderer') });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    mkdirSync('test-results/screenshots', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const [name, [zh, en]] of Object.entries(NAMES)) {
    it(`${name} loads and shows its name in Chinese and English`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/${name}/`);
      const heading = page.locator('h1');
      await expect(heading).toBeDefined();
      await page.waitForSelector(`h1:has-text("${zh}")`);
      expect(await heading.innerText()).toContain(en);
      await page.screenshot({ path: `test-results/screenshots/foundation-${name}.png` });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
