import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KioskUpdateReport } from '../../../contract/updates';
import { importUpdateKey, type UpdateKey } from '../../../contract/update-rules';
import {
  electronFeedUrl,
  nextRoundDelayMs,
  pendingFile,
  settlePending,
  shellUpdateRound,
  type OfferedUpdate,
  type PendingInstall,
  type ShellUpdateDeps,
} from '../../../main/electron/updates';
import { districtKey } from '../../integration/updates/signing';

// The Electron shell's update decisions (main/electron/updates.ts) with electron-updater replaced by a
// recorder: what is refused before any byte is downloaded (no district signature, a wrong one, a file
// not carrying the signed sha512), what waits (outside the window, a resident at the kiosk), what is
// refused after (sha512 mismatch), where the station token goes, and what the next start reports.

const FEED = 'https://central.example.gov.cn/api/v1/kiosk/update/electron';
const district = districtKey();
const pkg = Buffer.from('doorstep-kiosk 1.5.0 electron build');
const hex = createHash('sha512').update(pkg).digest('hex');
const b64 = Buffer.from(hex, 'hex').toString('base64');
// 03:00 in Shanghai is inside a 22:00–05:00 window; 12:00 is not.
const NIGHT = new Date('2026-12-06T19:00:00Z');
const NOON = new Date('2026-12-06T04:00:00Z');

const offer = (over: Partial<OfferedUpdate> = {}, extras: Record<string, unknown> = {}): OfferedUpdate => ({
  version: '1.5.0',
  sha512: b64,
  files: [{ url: '/api/v1/kiosk/update/package/1.5.0/doorstep-kiosk_1.5.0.deb', sha512: b64 }],
  doorstep: {
    signature: district.sign('1.5.0', hex),
    window: { start: '22:00', end: '05:00' },
    timeZone: 'Asia/Shanghai',
    healthTimeoutSec: 300,
    ...extras,
  },
  ...over,
});

interface Harness {
  deps: ShellUpdateDeps;
  reports: KioskUpdateReport[];
  downloads: Array<Record<string, string>>;
  installs: number;
  pending: PendingInstall[];
  checks: number;
}

let pinned: UpdateKey | null = null;
const key = async () => (pinned ??= await importUpdateKey(district.publicPem));

async function harness(
  o: {
    info?: OfferedUpdate;
    available?: boolean;
    now?: Date;
    session?: () => boolean;
    download?: () => Promise<void>;
    install?: () => void;
    token?: string | null;
    key?: UpdateKey | null;
    check?: () => Promise<never>;
  } = {},
): Promise<Harness> {
  const h: Harness = {
    reports: [],
    downloads: [],
    installs: 0,
    pending: [],
    checks: 0,
  } as unknown as Harness;
  h.deps = {
    updater: {
      check: async () => {
        h.checks++;
        if (o.check) return o.check();
        return { info: o.info ?? offer(), available: o.available ?? true };
      },
      download: async (headers) => {
        h.downloads.push(headers);
        await (o.download ?? (async () => undefined))();
      },
      install: () => {
        h.installs++;
        o.install?.();
      },
    },
    key: o.key === undefined ? await key() : o.key,
    feedUrl: FEED,
    version: '1.4.2',
    stationToken: () => (o.token === undefined ? 'station-token' : o.token),
    sessionActive: o.session ?? (() => false),
    now: () => o.now ?? NIGHT,
    report: (r) => h.reports.push(r),
    markPending: (p) => h.pending.push(p),
    log: () => undefined,
  };
  return h;
}

describe('the Electron shell’s update feed address', () => {
  it('is the configured central’s electron-updater feed, https only except on this machine', () => {
    expect(electronFeedUrl('https://central.example.gov.cn/')).toEqual({ ok: true, url: FEED });
    expect(electronFeedUrl('https://gw.example.gov.cn/doorstep')).toEqual({
      ok: true,
      url: 'https://gw.example.gov.cn/doorstep/api/v1/kiosk/update/electron',
    });
    expect(electronFeedUrl('http://127.0.0.1:8080')).toMatchObject({ ok: true });
    expect(electronFeedUrl('http://central.example.gov.cn')).toMatchObject({
      ok: false,
      code: 'FEED_NOT_HTTPS',
    });
    expect(electronFeedUrl('central')).toMatchObject({ ok: false, code: 'FEED_URL_INVALID' });
  });
});

describe('an update round of the Electron shell', () => {
  it('installs a signed release inside the window with no resident, asking with the station token', async () => {
    const h = await harness();
    expect(await shellUpdateRound(h.deps)).toBe('installing');
    expect(h.downloads).toEqual([{ authorization: 'Bearer station-token' }]);
    expect(h.installs).toBe(1);
    expect(h.pending).toEqual([{ from: '1.4.2', to: '1.5.0', at: NIGHT.toISOString() }]);
    expect(h.reports.map((r) => r.state)).toEqual(['downloading', 'verified', 'installing']);
  });

  it('says nothing is offered when central keeps the kiosk out of the rollout', async () => {
    const h = await harness({ available: false });
    expect(await shellUpdateRound(h.deps)).toBe('none');
    expect(h.reports).toEqual([{ state: 'idle', targetVersion: null }]);
    expect(h.downloads).toEqual([]);
  });

  it('does not ask before enrollment, and stays quiet when central cannot be reached', async () => {
    const none = await harness({ token: null });
    expect(await shellUpdateRound(none.deps)).toBe('not-enrolled');
    expect(none.checks).toBe(0);
    const offline = await harness({ check: () => Promise.reject(new Error('connect ECONNREFUSED')) });
    expect(await shellUpdateRound(offline.deps)).toBe('unreachable');
    expect(offline.reports).toEqual([]);
  });

  it.each([
    ['no district signature in the feed', { doorstep: undefined }, {}, 'no district signature'],
    [
      'a signature made with another key',
      {},
      { signature: districtKey().sign('1.5.0', hex) },
      'does not verify against the pinned district key',
    ],
    [
      'the signature of another version',
      {},
      { signature: district.sign('1.4.9', hex) },
      'does not verify against the pinned district key',
    ],
    [
      'a file that does not carry the signed sha512',
      { files: [{ url: '/x.deb', sha512: Buffer.alloc(64, 1).toString('base64') }] },
      {},
      'do not carry the signed sha512',
    ],
  ])('refuses %s before downloading anything', async (_name, over, extras, detail) => {
    const info = offer(over as Partial<OfferedUpdate>, extras);
    if ('doorstep' in over) delete info.doorstep;
    const h = await harness({ info });
    expect(await shellUpdateRound(h.deps)).toBe('refused-signature');
    expect(h.downloads).toEqual([]);
    expect(h.installs).toBe(0);
    expect(h.reports.at(-1)).toMatchObject({ state: 'refused', targetVersion: '1.5.0' });
    expect(h.reports.at(-1)?.detail).toContain(detail);
  });

  it('refuses every release when the package has no district key pinned', async () => {
    const h = await harness({ key: null });
    expect(await shellUpdateRound(h.deps)).toBe('refused-signature');
    expect(h.reports.at(-1)?.detail).toContain('no update key pinned');
    expect(h.downloads).toEqual([]);
  });

  it('waits outside the maintenance window and while a resident is at the kiosk', async () => {
    const noon = await harness({ now: NOON });
    expect(await shellUpdateRound(noon.deps)).toBe('outside-window');
    expect(noon.reports.at(-1)).toMatchObject({ state: 'waiting', detail: expect.stringContaining('22:00') });
    const busy = await harness({ session: () => true });
    expect(await shellUpdateRound(busy.deps)).toBe('session-active');
    expect(busy.reports.at(-1)).toMatchObject({ state: 'waiting', detail: 'a resident session is active' });
    expect([...noon.downloads, ...busy.downloads]).toEqual([]);
  });

  it('does not install when a resident sat down during the download', async () => {
    let seated = false;
    const h = await harness({
      session: () => seated,
      download: async () => {
        seated = true;
      },
    });
    expect(await shellUpdateRound(h.deps)).toBe('session-active');
    expect(h.installs).toBe(0);
    expect(h.pending).toEqual([]);
  });

  it('refuses downloaded bytes whose sha512 does not match, and installs nothing', async () => {
    const mismatch = Object.assign(new Error('sha512 checksum mismatch'), { code: 'ERR_CHECKSUM_MISMATCH' });
    const h = await harness({ download: () => Promise.reject(mismatch) });
    expect(await shellUpdateRound(h.deps)).toBe('refused-sha512');
    expect(h.reports.at(-1)).toEqual({
      state: 'refused',
      targetVersion: '1.5.0',
      detail: 'sha512 does not match the release',
    });
    expect(h.installs).toBe(0);
  });

  it('sends the station token only to central, never to the host of a release registered by URL', async () => {
    const info = offer({
      files: [{ url: 'https://mirror.example.org/doorstep-kiosk_1.5.0.deb', sha512: b64 }],
    });
    const h = await harness({ info });
    expect(await shellUpdateRound(h.deps)).toBe('installing');
    expect(h.downloads).toEqual([{}]);
  });

  it('reports an install that fails (no root for dpkg) as failed', async () => {
    const h = await harness({
      install: () => {
        throw new Error('pkexec: not authorized');
      },
    });
    expect(await shellUpdateRound(h.deps)).toBe('failed');
    expect(h.reports.at(-1)).toMatchObject({ state: 'failed', detail: 'install: pkexec: not authorized' });
  });
});

describe('after an install, the next start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-shell-updates-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports healthy on the new version and failed when still on the old one', () => {
    const p = { from: '1.4.2', to: '1.5.0', at: NIGHT.toISOString() };
    expect(settlePending(p, '1.5.0')).toEqual({ state: 'healthy', targetVersion: '1.5.0' });
    expect(settlePending(p, '1.4.2')).toMatchObject({ state: 'failed', targetVersion: '1.5.0' });
    expect(settlePending(null, '1.5.0')).toBeNull();
  });

  it('finds the pending install the round left in the data folder, once', () => {
    const file = pendingFile(join(dir, 'update-pending.json'));
    expect(file.read()).toBeNull();
    file.write({ from: '1.4.2', to: '1.5.0', at: NIGHT.toISOString() });
    expect(file.read()).toEqual({ from: '1.4.2', to: '1.5.0', at: NIGHT.toISOString() });
    file.clear();
    expect(file.read()).toBeNull();
  });

  it('asks again every 15 to 25 minutes, so a fleet does not ask at once', () => {
    expect(nextRoundDelayMs(() => 0)).toBe(15 * 60_000);
    expect(nextRoundDelayMs(() => 0.999)).toBeLessThan(25 * 60_000);
  });
});
