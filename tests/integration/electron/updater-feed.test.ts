import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebUpdater } from 'electron-updater';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskUpdateReport } from '../../../contract/updates';
import { importUpdateKey } from '../../../contract/update-rules';
import {
  electronFeedUrl,
  shellUpdateRound,
  writeJsonAtomic,
  type ShellUpdateDeps,
} from '../../../main/electron/updates';
import { readUpdaterState } from '../../../main/host/services/local-state';
import { beat } from '../fleet/fleet-helpers';
import { shellUpdaterOf } from '../../../main/electron/updater-port';
import { NodeHttpExecutor } from '../../helpers/node-http-executor';
import { type KioskClient, type TestCentral, startTestCentral } from '../central/harness';
import { districtKey, sha512Of } from '../updates/signing';

// The Electron shell's updater against central's REAL feed, in plain Node: electron-updater's own
// Debian updater (DebUpdater, its GenericProvider, js-yaml parsing of latest-linux.yml, its download
// with the sha512 check) made with an app adapter and a Node HTTP executor instead of Electron's, and
// driven by the shell's decisions (main/electron/updates.ts) through the same adapter the shell uses.
// Only the install itself (dpkg through electron-updater's sudo/pkexec) is replaced by a recorder.

const key = districtKey();
const good = Buffer.alloc(200_000, 'doorstep-kiosk 1.6.0 electron build ');
const tmp = mkdtempSync(join(tmpdir(), 'doorstep-electron-updater-'));
let c: TestCentral;
let admin: Record<string, string>;
let mirror: Server;
let mirrorUrl: string;
const mirrorHeaders: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  c = await startTestCentral('sqlite', { updateKey: key.publicPem });
  admin = (await c.staff('admin')).auth();
  // 1.6.0 uploaded to central: kiosks download it from central with their token.
  const up = await fetch(
    `${c.url}/api/v1/admin/releases/1.6.0/package?signature=${encodeURIComponent(key.sign('1.6.0', sha512Of(good)))}`,
    {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/octet-stream' },
      body: good,
    },
  );
  expect(up.status, await up.clone().text()).toBe(201);
  // 1.7.0 registered by URL on another host, whose bytes are not the ones signed (a tampered mirror).
  mirror = createServer((req, res) => {
    mirrorHeaders.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/vnd.debian.binary-package' });
    res.end(Buffer.alloc(good.length, 'tampered '));
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
  const reg = await fetch(`${c.url}/api/v1/admin/releases`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({
      version: '1.7.0',
      url: `${mirrorUrl}/doorstep-kiosk_1.7.0_amd64.deb`,
      sha512: sha512Of(good),
      signature: key.sign('1.7.0', sha512Of(good)),
    }),
  });
  expect(reg.status).toBe(201);
}, 60_000);

afterAll(async () => {
  await new Promise((r) => mirror?.close(r));
  await c?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function rollout(version: string): Promise<void> {
  const r = await fetch(`${c.url}/api/v1/admin/rollout`, {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({
      version,
      pilotStationIds: ['s-zhangjiang-2'],
      percent: 0,
      window: { start: '00:00', end: '00:00' }, // any time: the window itself is unit-tested
    }),
  });
  expect(r.status).toBe(200);
}

let n = 0;
/** A real electron-updater Debian updater of a kiosk running 1.4.2, its feed set as the shell sets it. */
function kioskUpdater(kiosk: KioskClient, pinnedPem = key.publicPem) {
  const dir = join(tmp, `kiosk-${++n}`);
  mkdirSync(join(dir, 'userData'), { recursive: true });
  // What electron-builder writes to resources/app-update.yml (the feed URL is overridden at runtime).
  writeFileSync(
    join(dir, 'app-update.yml'),
    'provider: generic\nurl: https://build-time.example.org\nupdaterCacheDirName: doorstep-updater\n',
  );
  const u = new DebUpdater(null, {
    version: '1.4.2',
    name: 'Doorstep',
    isPackaged: true,
    appUpdateConfigPath: join(dir, 'app-update.yml'),
    userDataPath: join(dir, 'userData'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  });
  Object.assign(u, { httpExecutor: new NodeHttpExecutor() });
  u.logger = null;
  const feed = electronFeedUrl(c.url);
  if (!feed.ok) throw new Error(feed.message);
  const port = shellUpdaterOf(u);
  u.setFeedURL({ provider: 'generic', url: feed.url });
  const reports: KioskUpdateReport[] = [];
  const installs: string[] = [];
  const deps = async (): Promise<ShellUpdateDeps> => ({
    updater: {
      check: port.check,
      download: port.download,
      // electron-updater's install runs dpkg through sudo/pkexec: recorded instead.
      install: () => void installs.push((u as unknown as { installerPath: string }).installerPath),
    },
    key: await importUpdateKey(pinnedPem),
    feedUrl: feed.url,
    version: '1.4.2',
    stationToken: () => kiosk.token,
    sessionActive: () => false,
    now: () => new Date(),
    report: (r) => void reports.push(r),
    markPending: () => undefined,
    log: () => undefined,
  });
  return { u, port, deps, reports, installs, kiosk };
}

describe('the Electron shell’s updater on central’s feed (real electron-updater, plain Node)', () => {
  it('offers a kiosk in the rollout the release — version, sha512, .deb URL on central — and installs the verified bytes', async () => {
    await rollout('1.6.0');
    const pilot = await c.kiosk('s-zhangjiang-2');
    const k = kioskUpdater(pilot);
    const offer = await k.port.check({ authorization: `Bearer ${pilot.token}` });
    expect(offer.available).toBe(true);
    expect(offer.info).toMatchObject({
      version: '1.6.0',
      sha512: createHash('sha512').update(good).digest('base64'),
    });
    expect(offer.info.files).toEqual([
      expect.objectContaining({
        url: '/api/v1/kiosk/update/package/1.6.0/doorstep-kiosk_1.6.0.deb',
        sha512: offer.info.sha512,
      }),
    ]);

    expect(await shellUpdateRound(await k.deps())).toBe('installing');
    expect(k.reports.map((r) => r.state)).toEqual(['downloading', 'verified', 'installing']);
    // What would go to dpkg is the package central holds, byte for byte.
    expect(k.installs).toHaveLength(1);
    expect(createHash('sha512').update(readFileSync(k.installs[0]!)).digest('hex')).toBe(sha512Of(good));
  });

  it('tells a kiosk outside the rollout that nothing is newer, and downloads nothing', async () => {
    await rollout('1.6.0');
    const k = kioskUpdater(await c.kiosk('s-zhangjiang-1'));
    expect(await shellUpdateRound(await k.deps())).toBe('none');
    expect(k.reports).toEqual([{ state: 'idle', targetVersion: null }]);
    expect(k.installs).toEqual([]);
  });

  it('refuses a release whose downloaded bytes do not match the signed sha512, without the token leaving central', async () => {
    await rollout('1.7.0');
    mirrorHeaders.length = 0;
    const k = kioskUpdater(await c.kiosk('s-zhangjiang-2'));
    expect(await shellUpdateRound(await k.deps())).toBe('refused-sha512');
    expect(k.reports.at(-1)).toEqual({
      state: 'refused',
      targetVersion: '1.7.0',
      detail: 'sha512 does not match the release',
    });
    expect(k.installs).toEqual([]);
    expect(mirrorHeaders.length).toBeGreaterThan(0);
    for (const h of mirrorHeaders) expect(h.authorization).toBeUndefined();

    // The refusal reaches the dashboard: written where the shell writes it, read by the host's own
    // reader for its heartbeat, counted in the rollout's pilot ring.
    const stateFile = join(tmp, `state-${n}`, 'update-state.json');
    writeJsonAtomic(stateFile, k.reports.at(-1));
    const update = readUpdaterState(stateFile);
    expect(update).toEqual(k.reports.at(-1));
    expect((await beat(k.kiosk, c, { appVersion: '1.4.2', update })).status).toBe(200);
    const status = await fetch(`${c.url}/api/v1/admin/rollout?centreId=c-zhangjiang`, { headers: admin });
    const pilot = (
      (await status.json()) as { rings: Array<{ ring: string; byState: Record<string, number> }> }
    ).rings.find((r) => r.ring === 'pilot');
    expect(pilot?.byState.refused).toBeGreaterThanOrEqual(1);
  });

  it('refuses, before downloading, a release not signed by the key pinned in this package', async () => {
    await rollout('1.7.0');
    mirrorHeaders.length = 0;
    const k = kioskUpdater(await c.kiosk('s-zhangjiang-2'), districtKey().publicPem);
    expect(await shellUpdateRound(await k.deps())).toBe('refused-signature');
    expect(k.reports.at(-1)?.detail).toContain('does not verify against the pinned district key');
    expect(mirrorHeaders).toEqual([]);
  });
});
