import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';

// Debian's stock Firefox ESR driven by puppeteer-core over WebDriver BiDi (Playwright needs its own
// patched Firefox, which cannot be downloaded here; puppeteer-core downloads no browser).

export const FIREFOX_PATH = process.env.DOORSTEP_FIREFOX ?? '/usr/bin/firefox-esr';

/**
 * Test-only preferences, never in production config (a real agent's Firefox uses a real camera, asks
 * for permission once and connects over real interfaces or TURN):
 * - fake camera and microphone, and no permission prompt (headless has nobody to answer it);
 * - ICE host candidates on loopback, which Firefox leaves out by default (Chromium's counterpart is
 *   --allow-loopback-in-peer-connection).
 * See also `mediaOrigins` of launchFirefox.
 */
export const FIREFOX_VIDEO_TEST_PREFS: Record<string, unknown> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.loopback': true,
};

export interface Firefox {
  browser: Browser;
  /** Closes the browser and removes its temporary profile. */
  close(): Promise<void>;
}

/**
 * Launches headless Firefox with a temporary profile. `video` adds the test-only media preferences;
 * `mediaOrigins` (with `video`) grants those origins camera and microphone permission up front, as an
 * agent who ticked "remember this decision" has. Firefox needs that grant to gather every host
 * candidate: a page with neither a grant nor a capture it counts (fake devices do not count) gets only
 * the "default" address, found through the default route — on a machine with only loopback, none at
 * all — and mDNS names instead of addresses.
 */
export async function launchFirefox(
  opts: { video?: boolean; mediaOrigins?: string[] } = {},
): Promise<Firefox> {
  if (!existsSync(FIREFOX_PATH)) {
    throw new Error(
      `Firefox not found at ${FIREFOX_PATH}: run \`npm run deps:system\` (as root) or apt-get install firefox-esr ` +
        '(or set DOORSTEP_FIREFOX to another Firefox binary).',
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'doorstep-firefox-'));
  try {
    // puppeteer's profile already turns off updates, telemetry and first-run pages.
    const prefs: Record<string, unknown> = {};
    if (opts.video) {
      Object.assign(prefs, FIREFOX_VIDEO_TEST_PREFS);
      const origins = (opts.mediaOrigins ?? []).map((o) => new URL(o).origin);
      if (origins.length > 0) {
        // Firefox's default-permissions file: type, permission, capability (1 = allow), origin.
        const file = join(profile, 'doorstep-permissions');
        const lines = origins.flatMap((o) => ['camera', 'microphone'].map((p) => `origin\t${p}\t1\t${o}\n`));
        writeFileSync(file, lines.join(''));
        prefs['permissions.manager.defaultsUrl'] = pathToFileURL(file).href;
      }
    }
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      userDataDir: profile,
      timeout: 60_000,
      protocolTimeout: 60_000,
      extraPrefsFirefox: prefs,
    });
    return {
      browser,
      async close() {
        await browser.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
