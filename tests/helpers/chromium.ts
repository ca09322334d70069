import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

// Debian's Chromium driven by playwright-core (Playwright's own browsers cannot be downloaded here).

export const CHROMIUM_PATH = process.env.DOORSTEP_CHROMIUM ?? '/usr/bin/chromium';

export const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Test-only: fake camera/microphone and ICE candidates on loopback. Never in production config. */
export const VIDEO_TEST_FLAGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
];

export async function launchChromium(
  opts: { video?: boolean; args?: string[] } & LaunchOptions = {},
): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run \`npm run deps:system\` (as root) or apt-get install chromium.`,
    );
  }
  const { video, args = [], ...rest } = opts;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    ...rest,
    args: [...BASE_FLAGS, ...(video ? VIDEO_TEST_FLAGS : []), ...args],
  });
}
