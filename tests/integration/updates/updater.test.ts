import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskUpdateReport } from '../../../contract/updates';
import { importUpdateKey } from '../../../contract/update-rules';
import { type HostState, type UpdaterEffects, updateRound } from '../../../main/updater/decide';
import { download, fetchFeed, readHostState, sha512File, waitHealthy } from '../../../main/updater/effects';
import { type KioskClient, type TestCentral, startTestCentral } from '../central/harness';
import { beat } from '../fleet/fleet-helpers';
import { districtKey, sha512Of } from './signing';

// The kiosk updater against central's real feed (issue 14): the feed, the download, sha512 and the
// Ed25519 check are the real ones; dpkg and systemctl (root) are stood in for by a fake package
// database and a fake host that writes its state file as the real one does. A verified release is
// installed inside the window and kept when the new host reports ready; a bad sha512 or a signature
// the pinned key does not accept is refused; a release that never reports healthy is rolled back.

const key = districtKey();
const good = Buffer.from('doorstep-kiosk 1.5.0 — the real package bytes');
const INSIDE = new Date('2026-03-02T15:00:00Z'); // 23:00 in Shanghai, inside 22:00–05:00
const OUTSIDE = new Date('2026-03-02T04:00:00Z'); // 12:00 in Shanghai

let c: TestCentral;
let files: Server;
let filesUrl: string;
let tmp: string;
beforeAll(async () => {
  c = await startTestCentral('sqlite', { updateKey: key.publicPem });
  tmp = mkdtempSync(join(tmpdir(), 'doorstep-updater-'));
  files = createServer((req, res) => {
    // /tampered.deb: the bytes changed on the way (a mirror, a proxy), the release metadata not.
    res.end(req.url === '/tampered.deb' ? Buffer.concat([good, Buffer.from('!')]) : good);
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => files?.close(r));
  await c?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function release(version: string, path: string) {
  const admin = await c.staff('admin');
  const sha512 = sha512Of(good);
  const r = await admin.post('/api/v1/admin/releases', {
    version,
    url: `${filesUrl}${path}`,
    sha512,
    signature: key.sign(version, sha512),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const ro = await admin.put('/api/v1/admin/rollout', {
    version,
    percent: 100,
    window: { start: '22:00', end: '05:00' },
    healthTimeoutSec: 30,
  });
  expect(ro.status).toBe(200);
}

/** A kiosk with a fake dpkg and a fake host that comes up healthy unless told to fail. */
function fakeKiosk(kiosk: KioskClient, opts: { now?: Date; healthy?: boolean; session?: boolean } = {}) {
  const dir = mkdtempSync(join(tmp, 'kiosk-'));
  const hostFile = join(dir, 'host-state.json');
  const state = { installed: '1.4.2', installs: [] as string[], reports: [] as KioskUpdateReport[] };
  const kept = new Map<string, string>([['1.4.2', join(dir, 'doorstep-kiosk_1.4.2.deb')]]);
  const pkgVersion = new Map<string, string>([[kept.get('1.4.2')!, '1.4.2']]);
  const writeHost = (s: HostState) => writeFileSync(hostFile, JSON.stringify(s));
  writeHost({
    version: '1.4.2',
    ready: true,
    sessionActive: opts.session ?? false,
    at: new Date().toISOString(),
  });
  const fx: UpdaterEffects = {
    now: () => opts.now ?? INSIDE,
    installedVersion: async () => state.installed,
    feed: (v) => fetchFeed(c.url, kiosk.token, v),
    download: async (url, version) => {
      const f = await download(url, dir, version);
      pkgVersion.set(f, version);
      return f;
    },
    sha512: sha512File,
    hostState: () => readHostState(hostFile),
    cachedPackage: (v) => kept.get(v) ?? null,
    keepPackage: async (f, v) => void kept.set(v, f),
    install: async (f) => {
      state.installed = pkgVersion.get(f)!;
      state.installs.push(state.installed);
    },
    restartHost: async () => {
      // The new host starts; a broken release never gets as far as reporting ready.
      const ok = opts.healthy ?? true;
      writeHost({ version: state.installed, ready: ok, sessionActive: false, at: new Date().toISOString() });
    },
    // The release's 30 s health time, scaled down for the test (the polling is the real one).
    waitHealthy: (v, since, ms) => waitHealthy(hostFile, v, since, Math.min(ms, 1500), 50),
    discard: async (f) => rmSync(f, { force: true }),
    report: (s) => void state.reports.push(s),
    log: () => undefined,
  };
  return { fx, state };
}

describe('kiosk updater against central’s feed', () => {
  it('installs a verified release inside the window and keeps it once the host reports healthy', async () => {
    await release('1.5.0', '/good.deb');
    const kiosk = await c.kiosk();
    const pinned = await importUpdateKey(key.publicPem);

    const outside = fakeKiosk(kiosk, { now: OUTSIDE });
    expect(await updateRound(outside.fx, pinned)).toBe('outside-window');
    expect(outside.state.installs).toEqual([]);

    const busy = fakeKiosk(kiosk, { session: true });
    expect(await updateRound(busy.fx, pinned)).toBe('session-active');
    expect(busy.state.installs).toEqual([]);

    const k = fakeKiosk(kiosk);
    expect(await updateRound(k.fx, pinned)).toBe('healthy');
    expect(k.state.installed).toBe('1.5.0');
    expect(k.state.reports.map((r) => r.state)).toEqual([
      'downloading',
      'verified',
      'installing',
      'installed',
      'healthy',
    ]);
    // The next heartbeat carries the state; the feed then has nothing more for this kiosk.
    await beat(kiosk, c, { appVersion: '1.5.0', update: k.state.reports.at(-1)! });
    expect(await updateRound(k.fx, pinned)).toBe('none');
  });

  it('refuses a package whose sha512 or signature does not check, and installs nothing', async () => {
    const kiosk = await c.kiosk();
    const k = fakeKiosk(kiosk);
    // Signed by another key than the one pinned in the package (a compromised central cannot sign).
    const otherPinned = await importUpdateKey(districtKey().publicPem);
    expect(await updateRound(k.fx, otherPinned)).toBe('refused-signature');
    expect(k.state.reports.at(-1)).toMatchObject({
      state: 'refused',
      detail: expect.stringContaining('signature'),
    });

    await release('1.5.1', '/tampered.deb');
    expect(await updateRound(k.fx, await importUpdateKey(key.publicPem))).toBe('refused-sha512');
    expect(k.state.reports.at(-1)).toMatchObject({
      state: 'refused',
      detail: expect.stringContaining('sha512'),
    });
    expect(k.state.installs).toEqual([]);
  });

  it('rolls back to the previous package when the new one does not report healthy in time', async () => {
    await release('1.5.2', '/good.deb');
    const kiosk = await c.kiosk();
    const k = fakeKiosk(kiosk, { healthy: false });
    expect(await updateRound(k.fx, await importUpdateKey(key.publicPem))).toBe('rolled-back');
    expect(k.state.installs).toEqual(['1.5.2', '1.4.2']);
    expect(k.state.installed).toBe('1.4.2');
    const last = k.state.reports.at(-1)!;
    expect(last).toMatchObject({ state: 'rolled_back', targetVersion: '1.5.2' });
    // Reported in the heartbeat, the rollback stops central from offering the same release again.
    await beat(kiosk, c, { appVersion: '1.4.2', update: last });
    expect((await kiosk.get('/api/v1/kiosk/update?version=1.4.2')).body).toEqual({
      action: 'none',
      reason: 'rolled-back',
    });
  });
});
