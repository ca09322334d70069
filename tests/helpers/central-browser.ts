import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type TestCentral, startTestCentral } from '../integration/central/harness';
import { launchChromium } from './chromium';

// The set-up most browser tests of the staff screens share: a central on SQLite serving the built
// screens (npm run build), on the real clock, and one Chromium, both closed after the file's tests.
// Call it inside a describe; read `env.c` and `env.browser` inside the tests.

export interface CentralInBrowser {
  c: TestCentral;
  browser: Browser;
}

export function centralInBrowser(): CentralInBrowser {
  const env = {} as CentralInBrowser;
  beforeAll(async () => {
    env.c = await startTestCentral('sqlite', {
      clock: () => new Date(),
      rendererDir: resolve('dist/renderer'),
    });
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.c?.close();
  });
  return env;
}

/** Signs a staff member in on the console (demo password) and waits for the agent bar. */
export async function signInConsole(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill('doorstep-demo');
  await page.keyboard.press('Enter');
  await page.getByTestId('agent-status').waitFor();
}
