import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UpdateInfo } from 'builder-util-runtime';
import { parse as load } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, sha512File } from '../../../main/updater/effects';
import { DBS, type TestCentral, startTestCentral, stopPostgres } from '../central/harness';
import { districtKey, sha512Of } from './signing';

// Uploading a kiosk package to central (issue 14), on SQLite and PostgreSQL over real HTTP: central
// streams it to its data folder computing the sha512, keeps it only with the district key's signature
// of (version, sha512), refuses a version that exists and a package over the limit, and serves it to
// enrolled kiosks (with Range, so a cut download resumes) — where the updater's real download fetches
// it with the station token. Also `npm run central -- release upload` against the same central.

afterAll(stopPostgres);

const key = districtKey();
const LIMIT = 256 * 1024;
const pkg = Buffer.alloc(100_000, 'doorstep-kiosk 1.6.0 package bytes ');
const tmp = mkdtempSync(join(tmpdir(), 'doorstep-upload-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(DBS)('package upload on %s', (kind) => {
  let c: TestCentral;
  let admin: Record<string, string>;
  beforeAll(async () => {
    c = await startTestCentral(kind, { updateKey: key.publicPem, maxPackageBytes: LIMIT });
    admin = (await c.staff('admin')).auth();
  });
  afterAll(() => c?.close());

  const upload = (
    version: string,
    body: Buffer | ReadableStream<Uint8Array>,
    signature: string,
    headers = admin,
  ) =>
    fetch(
      `${c.url}/api/v1/admin/releases/${version}/package?${new URLSearchParams({ signature, notes: 'fixes' })}`,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        body,
        duplex: 'half',
      } as RequestInit,
    );
  const releasesDir = () => join(c.dataDir, 'releases');

  it('keeps a package signed by the district key and serves it to kiosks, whole or by range', async () => {
    const r = await upload('1.6.0', pkg, key.sign('1.6.0', sha512Of(pkg)));
    const body = await r.json();
    expect(r.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({
      version: '1.6.0',
      sha512: sha512Of(pkg),
      url: '/api/v1/kiosk/update/package/1.6.0',
      notes: 'fixes',
    });
    const listed = await fetch(`${c.url}/api/v1/admin/releases`, { headers: admin });
    expect((await listed.json()).releases.map((x: { version: string }) => x.version)).toContain('1.6.0');

    const kiosk = await c.kiosk();
    const auth = { authorization: `Bearer ${kiosk.token}` };
    const whole = await fetch(`${c.url}${body.url}`, { headers: auth });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(pkg)).toBe(true);
    const part = await fetch(`${c.url}${body.url}`, { headers: { ...auth, range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${pkg.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(pkg.subarray(1000, 2000))).toBe(true);
    const past = await fetch(`${c.url}${body.url}`, { headers: { ...auth, range: 'bytes=999999-' } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${pkg.length}`);
    // Kiosks only: no token, or a staff session, gets no package.
    expect((await fetch(`${c.url}${body.url}`)).status).toBe(401);
    expect((await fetch(`${c.url}${body.url}`, { headers: admin })).status).toBe(403);
    expect((await fetch(`${c.url}/api/v1/kiosk/update/package/9.9.9`, { headers: auth })).status).toBe(404);

    // The updater's own download: the release's path on central, with the station token.
    const dir = mkdtempSync(join(tmp, 'kiosk-'));
    const file = await download(body.url, dir, '1.6.0', { url: c.url, token: kiosk.token });
    expect(await sha512File(file)).toBe(sha512Of(pkg));
  });

  it('refuses a version that exists, a wrong signature, an empty or oversized package, a supervisor', async () => {
    const again = await upload('1.6.0', pkg, key.sign('1.6.0', sha512Of(pkg)));
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('CONFLICT');

    // Signed for other bytes, or by another key: 400 naming the signature, nothing kept.
    const other = Buffer.concat([pkg, Buffer.from('!')]);
    const wrong = await upload('1.6.1', other, key.sign('1.6.1', sha512Of(pkg)));
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields[0].path).toBe('signature');
    const stranger = await upload('1.6.1', pkg, districtKey().sign('1.6.1', sha512Of(pkg)));
    expect(stranger.status).toBe(400);
    expect((await upload('1.6.1', Buffer.alloc(0), key.sign('1.6.1', sha512Of('')))).status).toBe(400);

    const big = Buffer.alloc(LIMIT + 1, 1);
    const declared = await upload('1.6.2', big, key.sign('1.6.2', sha512Of(big)));
    expect(declared.status).toBe(413);
    // Streamed without a Content-Length: cut off when the limit is passed, not after.
    const chunked = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < 5; i++) ctl.enqueue(new Uint8Array(LIMIT / 4));
        ctl.close();
      },
    });
    const streamed = await upload('1.6.2', chunked, key.sign('1.6.2', sha512Of(big)));
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe('PAYLOAD_TOO_LARGE');

    const supervisor = (await c.staff('supervisor')).auth();
    expect((await upload('1.6.3', pkg, key.sign('1.6.3', sha512Of(pkg)), supervisor)).status).toBe(403);
    // Only the one good package is on disk: refused uploads leave no file behind.
    expect(readdirSync(releasesDir())).toEqual(['doorstep-kiosk_1.6.0.deb']);
  });

  it('answers electron-updater’s latest-linux.yml from the same per-kiosk feed', async () => {
    const put = await fetch(`${c.url}/api/v1/admin/rollout`, {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '1.6.0',
        pilotStationIds: ['s-zhangjiang-2'],
        percent: 0,
        window: { start: '00:00', end: '00:00' },
      }),
    });
    expect(put.status).toBe(200);
    const feedBase = `${c.url}/api/v1/kiosk/update/electron/`; // the generic provider's `url`
    const yml = async (token: string) => {
      const r = await fetch(`${feedBase}latest-linux.yml?noCache=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('yaml');
      // electron-updater reads it with js-yaml (any YAML parser agrees on this plain subset); the shape is builder-util-runtime's UpdateInfo.
      return load(await r.text()) as UpdateInfo;
    };
    const pilot = await c.kiosk('s-zhangjiang-2');
    const info = await yml(pilot.token);
    expect(info).toMatchObject({
      version: '1.6.0',
      sha512: createHash('sha512').update(pkg).digest('base64'),
    });
    expect(info.files).toHaveLength(1);
    const file = info.files[0]!;
    expect(file).toMatchObject({ sha512: info.sha512, size: pkg.length });
    // Its Debian updater picks the file whose path ends in .deb, resolved against the feed's URL.
    const url = new URL(file.url, feedBase);
    expect(url.pathname.endsWith('.deb')).toBe(true);
    const got = await fetch(url, { headers: { authorization: `Bearer ${pilot.token}` } });
    expect(
      createHash('sha512')
        .update(Buffer.from(await got.arrayBuffer()))
        .digest('base64'),
    ).toBe(file.sha512);
    // Not in the rollout: told its own (unknown: 0.0.0) version, so electron-updater sees nothing newer.
    const other = await yml((await c.kiosk('s-zhangjiang-1')).token);
    expect(other).toMatchObject({ version: '0.0.0', files: [] });
    expect((await fetch(`${feedBase}latest-linux.yml`)).status).toBe(401);
  });

  it.runIf(kind === 'sqlite')(
    'npm run central -- release upload sends a signed package',
    async () => {
      const deb = join(tmp, 'doorstep-kiosk_1.7.0_amd64.deb');
      const data = Buffer.alloc(50_000, 'release 1.7.0 ');
      writeFileSync(deb, data);
      const sigFile = join(tmp, 'sig');
      writeFileSync(sigFile, Buffer.from(key.sign('1.7.0', sha512Of(data)), 'base64')); // 64 raw bytes
      const args = [
        'release',
        'upload',
        deb,
        '--signature',
        sigFile,
        '--central',
        c.url,
        '--username',
        'admin',
      ];
      const r = await cli([...args, '--version', '1.7.0']);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('uploaded release 1.7.0');
      expect(r.err).toContain('100 % of');
      expect(existsSync(join(releasesDir(), 'doorstep-kiosk_1.7.0.deb'))).toBe(true);
      expect(readFileSync(join(releasesDir(), 'doorstep-kiosk_1.7.0.deb')).equals(data)).toBe(true);
      const twice = await cli([...args, '--version', '1.7.0']);
      expect(twice.code).toBe(1);
      expect(twice.err).toContain('409 CONFLICT');
    },
    240_000,
  ); // two Node start-ups with tsx: slow on a loaded machine
});

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'central/cli.ts', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
    child.stdin.end('doorstep-demo\n'); // the demo admin's password, as a script would pipe it
  });
}
