import { extractAll, createPackage, listPackage } from '@electron/asar';
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtKey } from '../updates/signing';

// The packaged Electron shell, laid out exactly as electron-builder would lay it out: the files its
// `files` patterns select, packed into app.asar with @electron/asar, then the shell's real main.cjs run
// against a stand-in of the `electron` module (tests/helpers/electron-standin.cjs; the binary is never
// installed here). Before this test the shell looked for its screens in dist/main/renderer, which no
// build writes, and showed "the kiosk screens are missing" on every packaged start.

const ROOT = resolve(__dirname, '../../..');
const STANDIN = join(ROOT, 'tests/helpers/electron-standin.cjs');

interface Builder {
  files: string[];
  asar: boolean;
  publish: { provider: string; url: string };
  extraResources: Array<{ from: string; to: string }>;
}
const builder = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Builder;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The files electron-builder's `files` select. Only the pattern shapes we use are understood; any other fails loudly. */
function selectFiles(patterns: string[]): string[] {
  const picked = new Set<string>();
  const excluded: RegExp[] = [];
  for (const p of patterns) {
    if (p.startsWith('!**/*.')) excluded.push(new RegExp(`\\.${p.slice(6).replace('.', '\\.')}$`));
    else if (p.endsWith('/**')) {
      const dir = join(ROOT, p.slice(0, -3));
      if (!existsSync(dir)) throw new Error(`${p}: ${dir} does not exist — run npm run build first`);
      for (const f of walk(dir)) picked.add(relative(ROOT, f));
    } else if (!/[*!]/.test(p)) picked.add(p);
    else throw new Error(`electron-builder.yml files pattern ${p} is not understood by this test: teach it`);
  }
  return [...picked].filter((f) => !excluded.some((re) => re.test(f)));
}

interface Entry {
  window?: { preload: string; sandbox: boolean };
  load?: string;
  status?: number;
  type?: string;
  hasRoot?: boolean;
  text?: string;
  assets?: Array<{ url: string; status: number; type: string }>;
  exit?: number;
  updater?: {
    feed: { provider: string; url: string };
    autoDownload: boolean;
    autoInstallOnAppQuit: boolean;
    allowDowngrade: boolean;
  };
}

let dir: string;
let appDir: string;
let entries: Entry[] = [];
let asarFiles: string[] = [];
let userDataDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'doorstep-asar-'));
  const stage = join(dir, 'stage');
  for (const f of selectFiles(builder.files)) {
    mkdirSync(dirname(join(stage, f)), { recursive: true });
    cpSync(join(ROOT, f), join(stage, f));
  }
  const asar = join(dir, 'resources', 'app.asar');
  mkdirSync(dirname(asar), { recursive: true });
  await createPackage(stage, asar);
  asarFiles = listPackage(asar, { isPack: false });
  // Read back and run in place of resources/app.asar (resources/app), so resources/ is its parent.
  appDir = join(dir, 'resources', 'app');
  extractAll(asar, appDir);

  const userData = join(dir, 'userData');
  mkdirSync(join(userData, 'kiosk'), { recursive: true });
  // Offline (nothing listens on port 9) and no devices: the kiosk still starts (offline is normal).
  writeFileSync(join(userData, 'kiosk', 'kiosk.json'), JSON.stringify({ centralUrl: 'http://127.0.0.1:9' }));
  // The district key where electron-builder's extraResources puts it: in resources/, beside the app.
  const keyResource = builder.extraResources.find((r) => r.from === 'build/update-key.pub');
  if (!keyResource) throw new Error('electron-builder.yml does not pin build/update-key.pub');
  writeFileSync(join(dir, 'resources', keyResource.to), districtKey().publicPem);
  userDataDir = userData;
  const reportFile = join(dir, 'report.jsonl');
  writeFileSync(reportFile, '');
  const child = spawn(process.execPath, ['--require', STANDIN, join(appDir, 'dist/main/electron/main.cjs')], {
    env: {
      ...process.env,
      STANDIN_REPORT: reportFile,
      STANDIN_USERDATA: userData,
      NODE_PATH: join(ROOT, 'node_modules'), // electron-builder installs the production dependencies beside the asar
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const read = () =>
    readFileSync(reportFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Entry);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    entries = read();
    // The updater starts once the kiosk has started, just after the page is loaded.
    if (entries.some((e) => e.exit !== undefined)) break;
    if (entries.some((e) => e.load) && entries.some((e) => e.updater)) break;
    await Promise.race([exited, new Promise((r) => setTimeout(r, 100))]);
    if (child.exitCode !== null) break;
  }
  entries = read();
  child.kill('SIGKILL');
  await exited;
  if (!entries.some((e) => e.load)) throw new Error(`the shell loaded no page; its output:\n${output}`);
}, 90_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packaged Electron shell', () => {
  it('packs the bundled main, preload and every screen into app.asar, without source maps', () => {
    for (const f of [
      '/dist/main/electron/main.cjs',
      '/dist/main/electron/preload.cjs',
      '/dist/renderer/kiosk/index.html',
      '/package.json',
    ])
      expect(asarFiles).toContain(f);
    expect(asarFiles.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('finds its preload inside the package and keeps the window sandboxed', () => {
    const w = entries.find((e) => e.window)?.window;
    expect(w?.sandbox).toBe(true);
    expect(w && existsSync(w.preload)).toBe(true);
    expect(relative(appDir, w!.preload)).toBe(join('dist', 'main', 'electron', 'preload.cjs'));
  });

  it('serves the kiosk screen and its scripts from doorstep://kiosk/, not the "screens missing" page', () => {
    const load = entries.find((e) => e.load);
    expect(load?.load, load?.text).toBe('doorstep://kiosk/kiosk/');
    expect(load?.status).toBe(200);
    expect(load?.type).toContain('text/html');
    expect(load?.hasRoot).toBe(true);
    expect(load?.assets?.length).toBeGreaterThan(0);
    for (const a of load!.assets!) expect(a, a.url).toMatchObject({ status: 200, type: 'text/javascript' });
  });

  it('follows the configured central’s update feed with electron-updater, nothing downloaded or installed on its own', () => {
    const u = entries.find((e) => e.updater)?.updater;
    expect(u?.feed).toEqual({
      provider: 'generic',
      url: 'http://127.0.0.1:9/api/v1/kiosk/update/electron', // kiosk.json's central (loopback may be http)
    });
    expect(u).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false });
    // The key beside the app was found: the log does not say every update will be refused.
    const log = readFileSync(join(userDataDir, 'kiosk', 'logs', 'host.log'), 'utf8');
    expect(log).toContain('following http://127.0.0.1:9/api/v1/kiosk/update/electron');
    expect(log).not.toContain('no district key pinned');
  });

  it('takes its update feed from configuration over https, never a fixed local address', () => {
    expect(builder.publish.provider).toBe('generic');
    expect(builder.publish.url).toMatch(/^(https:\/\/|\$\{env\.[A-Z_]+\})/);
  });
});
