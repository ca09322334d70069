import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBS, KioskClient, type TestCentral, startTestCentral, stopPostgres } from '../central/harness';
import { beat } from '../fleet/fleet-helpers';
import { sha256 } from '../../../central/security/secrets';
import { districtKey, sha512Of } from './signing';

// Central's side of signed, staged updates over real HTTP, on SQLite and PostgreSQL: a release is
// registered only with the district's signature, the rollout offers it to the pilot station and a
// stable share of the other kiosks, a pause stops the offers, and the dashboard's view counts each
// ring's kiosks by version and update state.

afterAll(stopPostgres);

const A = 'c-zhangjiang';
const key = districtKey();
const pkg = Buffer.from('doorstep-kiosk 1.5.0 package bytes');
const release = (version = '1.5.0', sha512 = sha512Of(pkg)) => ({
  version,
  url: `https://updates.example.org/doorstep-kiosk_${version}_amd64.deb`,
  sha512,
  signature: key.sign(version, sha512),
});
const window = { start: '00:00', end: '00:00' };

describe.each(DBS)('kiosk update feed on %s', (kind) => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral(kind, { updateKey: key.publicPem });
  });
  afterAll(() => c?.close());

  it('registers a release only when the district key signed its version and sha512', async () => {
    const admin = await c.staff('admin');
    const forged = { ...release('1.4.9'), signature: districtKey().sign('1.4.9', sha512Of(pkg)) };
    const r1 = await admin.post('/api/v1/admin/releases', forged);
    expect(r1.status).toBe(400);
    expect(r1.body.error.fields[0].path).toBe('signature');
    // A genuine signature of another version does not carry over to this one.
    const swapped = { ...release('1.4.9'), signature: release('1.4.8').signature };
    expect((await admin.post('/api/v1/admin/releases', swapped)).status).toBe(400);

    const ok = await admin.post('/api/v1/admin/releases', release());
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ version: '1.5.0', registeredBy: expect.any(String) });
    expect((await admin.post('/api/v1/admin/releases', release())).status).toBe(409);
    const supervisor = await c.staff('supervisor');
    expect((await supervisor.post('/api/v1/admin/releases', release('1.5.1'))).status).toBe(403);
    expect(
      (await supervisor.get('/api/v1/admin/releases')).body.releases.map(
        (r: { version: string }) => r.version,
      ),
    ).toEqual(['1.5.0']);
  });

  it('offers the release to the pilot station and a stable share of the rest, until paused', async () => {
    const admin = await c.staff('admin');
    const pilot = await c.kiosk('s-zhangjiang-2');
    const other = await c.kiosk('s-zhangjiang-1');
    const none = await pilot.get('/api/v1/kiosk/update?version=1.4.2');
    expect(none.body).toEqual({ action: 'none', reason: 'no-rollout' });

    const set = await admin.put('/api/v1/admin/rollout', {
      version: '1.5.0',
      pilotStationIds: ['s-zhangjiang-2'],
      percent: 0,
      window: { start: '22:00', end: '05:00' },
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ paused: false, healthTimeoutSec: 300 });

    const offer = await pilot.get('/api/v1/kiosk/update?version=1.4.2');
    expect(offer.body).toMatchObject({
      action: 'update',
      version: '1.5.0',
      sha512: sha512Of(pkg),
      window: { start: '22:00', end: '05:00' },
      timeZone: 'Asia/Shanghai',
    });
    expect((await other.get('/api/v1/kiosk/update?version=1.4.2')).body).toEqual({
      action: 'none',
      reason: 'not-in-rollout',
    });
    expect((await pilot.get('/api/v1/kiosk/update?version=1.5.0')).body.reason).toBe('current');

    const supervisor = await c.staff('supervisor');
    expect((await supervisor.post('/api/v1/admin/rollout/pause', {})).body.paused).toBe(true);
    expect((await pilot.get('/api/v1/kiosk/update?version=1.4.2')).body.reason).toBe('paused');
    expect((await supervisor.post('/api/v1/admin/rollout/resume', {})).body.paused).toBe(false);
    expect((await pilot.get('/api/v1/kiosk/update?version=1.4.2')).body.action).toBe('update');
  });

  it('does not offer a release again to a kiosk that rolled it back', async () => {
    const pilot = await c.kiosk('s-zhangjiang-2');
    const hb = await beat(pilot, c, {
      appVersion: '1.4.2',
      update: { state: 'rolled_back', targetVersion: '1.5.0', detail: 'not healthy within 300 s' },
    });
    expect(hb.status).toBe(200);
    expect((await pilot.get('/api/v1/kiosk/update')).body).toEqual({ action: 'none', reason: 'rolled-back' });
  });

  it('shows the rollout per ring with the kiosks’ versions and update states', async () => {
    const kiosks: KioskClient[] = [await c.kiosk('s-zhangjiang-2'), await c.kiosk('s-zhangjiang-1')];
    await beat(kiosks[0]!, c, { appVersion: '1.5.0', update: { state: 'healthy', targetVersion: '1.5.0' } });
    await beat(kiosks[1]!, c, { appVersion: '1.4.2' });
    const supervisor = await c.staff('supervisor');
    const r = await supervisor.get(`/api/v1/admin/rollout?centreId=${A}`);
    expect(r.status).toBe(200);
    const pilot = r.body.rings.find((x: { ring: string }) => x.ring === 'pilot');
    const rest = r.body.rings.find((x: { ring: string }) => x.ring === 'rest');
    expect(pilot).toMatchObject({ offered: true });
    expect(pilot.byVersion['1.5.0']).toBeGreaterThanOrEqual(1);
    expect(pilot.byState.healthy).toBeGreaterThanOrEqual(1);
    expect(rest).toMatchObject({ offered: false });
    expect(rest.byVersion['1.4.2']).toBeGreaterThanOrEqual(1);
  });
});

describe('staged rollout over 200 kiosks (SQLite)', () => {
  let c: TestCentral;
  beforeAll(async () => {
    c = await startTestCentral('sqlite', { updateKey: key.publicPem, enrollLimit: 10_000 });
  });
  afterAll(() => c?.close());

  it('offers a 10 % rollout to about 10 % of 200 kiosks, each kiosk always getting the same answer', async () => {
    const admin = await c.staff('admin');
    expect((await admin.post('/api/v1/admin/releases', release())).status).toBe(201);
    expect((await admin.put('/api/v1/admin/rollout', { version: '1.5.0', percent: 10, window })).status).toBe(
      200,
    );
    // 200 kiosks enrolled straight into the database (200 enrollments over HTTP would take most of the
    // test's time); each then asks the feed over HTTP with its own token.
    const kiosks: KioskClient[] = [];
    for (let i = 0; i < 200; i++) {
      const token = `feed-test-token-${i}`;
      const id = `k-feed-${i}`;
      await c.central.db.run(
        'INSERT INTO kiosks (id, station_id, name, token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?)',
        [id, i % 2 ? 's-zhangjiang-1' : 's-zhangjiang-2', `feed ${i}`, sha256(token), c.clock.ms],
      );
      kiosks.push(new KioskClient(c.url, token, id));
    }
    const first = await Promise.all(kiosks.map((k) => k.get('/api/v1/kiosk/update?version=1.4.2')));
    const offered = first.filter((r) => r.body.action === 'update').length;
    // 200 draws at p = 0.1: mean 20, sd ≈ 4.2; 8–34 is beyond ±3 sd (the hash is fixed, so no flake).
    expect(offered).toBeGreaterThanOrEqual(8);
    expect(offered).toBeLessThanOrEqual(34);
    const again = await Promise.all(kiosks.map((k) => k.get('/api/v1/kiosk/update?version=1.4.2')));
    expect(again.map((r) => r.body.action)).toEqual(first.map((r) => r.body.action));

    // Raising the share keeps everyone who already had the offer.
    expect((await admin.put('/api/v1/admin/rollout', { version: '1.5.0', percent: 50, window })).status).toBe(
      200,
    );
    const wider = await Promise.all(kiosks.map((k) => k.get('/api/v1/kiosk/update?version=1.4.2')));
    first.forEach((r, i) => {
      if (r.body.action === 'update') expect(wider[i]!.body.action).toBe('update');
    });
    const widerCount = wider.filter((r) => r.body.action === 'update').length;
    expect(widerCount).toBeGreaterThan(offered);
  });
});
