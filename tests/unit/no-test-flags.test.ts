import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumArgs } from '../../main/host/browser-shell/chromium';

// Test-only browser and TURN switches (fake camera and microphone, no permission prompt, ICE on
// loopback, relaying to loopback peers) must never reach a kiosk, a counter PC or a TURN server:
// a kiosk with a fake camera shows a test pattern to the agent, and `allow-loopback-peers` lets a
// TURN client reach services on the TURN host itself. They live only in tests/ (helpers) and docs/.

const ROOT = join(__dirname, '..', '..');

/** Each switch or preference, without leading dashes, so appendSwitch('…') spellings are caught too. */
const TEST_ONLY = [
  // Chromium / Electron command-line switches (tests/helpers/chromium.ts VIDEO_TEST_FLAGS)
  'use-fake-device-for-media-stream',
  'use-fake-ui-for-media-stream',
  'use-file-for-fake-video-capture',
  'use-file-for-fake-audio-capture',
  'allow-loopback-in-peer-connection',
  // switches that only a test browser may run with
  'no-sandbox',
  'disable-web-security',
  'ignore-certificate-errors',
  // coturn (tests/e2e/video-coturn.ts)
  'allow-loopback-peers',
  // Firefox preferences (tests/helpers/firefox.ts FIREFOX_VIDEO_TEST_PREFS)
  'media.navigator.streams.fake',
  'media.navigator.permission.disabled',
  'media.peerconnection.ice.loopback',
];

/** Folders and files that make up what is shipped or run in production. */
const PRODUCTION = [
  'main',
  'central',
  'native',
  'renderer',
  'contract',
  'scripts',
  'electron-builder.yml',
  'package.json',
];
const TEXT = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.yml', '.yaml']);
const MORE_TEXT = new Set(['.html', '.css', '.sh', '.conf', '.service', '.desktop', '.md']);

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => !f.split(/[\\/]/).includes('node_modules'))
    .map((f) => join(path, f))
    .filter((f) => statSync(join(ROOT, f)).isFile());
}

/** Every place (file:line) where a test-only switch appears in the given files. */
function findTestOnlySwitches(files: string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const ext = extname(file);
    if (!TEXT.has(ext) && !MORE_TEXT.has(ext)) continue;
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const flag of TEST_ONLY) if (line.includes(flag)) hits.push(`${file}:${i + 1}: ${flag}`);
    });
  }
  return hits;
}

describe('test-only browser and TURN switches stay out of production', () => {
  const production = PRODUCTION.flatMap(filesUnder);

  it('the scan sees the production code and finds the switches where tests do use them', () => {
    // Guards against a scan that passes because it reads nothing.
    expect(production).toContain(join('main', 'host', 'browser-shell', 'chromium.ts'));
    expect(production).toContain(join('main', 'electron', 'main.ts'));
    expect(production).toContain(join('scripts', 'start.mjs'));
    expect(production.length).toBeGreaterThan(100);
    const helpers = findTestOnlySwitches([
      'tests/helpers/chromium.ts',
      'tests/helpers/firefox.ts',
      'tests/e2e/video-coturn.ts',
    ]).join('\n');
    for (const flag of [
      'use-fake-device-for-media-stream',
      'use-fake-ui-for-media-stream',
      'allow-loopback-in-peer-connection',
      'no-sandbox',
      'allow-loopback-peers',
      'media.navigator.streams.fake',
      'media.navigator.permission.disabled',
      'media.peerconnection.ice.loopback',
    ]) {
      expect(helpers, flag).toContain(flag);
    }
  });

  it('no production file (main, central, native, renderer, contract, scripts, packaging) names one', () => {
    const hits = findTestOnlySwitches(production);
    expect(hits, `test-only switches outside tests/ and docs/:\n${hits.join('\n')}`).toEqual([]);
  });

  it('the browser shell starts Chromium without any of them', () => {
    const args = chromiumArgs('http://127.0.0.1:4100/kiosk/#bridge=x', '/var/lib/doorstep/chromium');
    expect(args).toContain('--kiosk');
    for (const arg of args) {
      for (const flag of TEST_ONLY) expect(arg, `chromiumArgs() has ${arg}`).not.toContain(flag);
    }
  });
});
