import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvisionState } from '../../../contract/provisioning';
import { startCentral, type RunningCentral } from '../../../central/server';
import { QrScanner } from '../../../native/scanner/scanner';
import { startScannerSimulator, type ScannerSimulator } from '../../../native/sim/scanner-sim';
import { startBrowserShell } from '../../../main/host/browser-shell/server';
import type { DriverFactory } from '../../../main/host/devices/drivers';
import { createKioskHost } from '../../../main/host/host';
import { enrollWithHost } from '../../../main/host/provisioning/enroll';
import { startFirstBoot, type FirstBoot } from '../../../main/host/provisioning/first-boot';
import { runFirstBoot } from '../../../main/host/provisioning/run';
import { isEnrolled } from '../../../main/host/provisioning/state-files';

// A fresh kiosk's first boot with a real central and the serial scanner simulator on a PTY: the "not
// provisioned" page, a scanned enrollment QR or a provision.json on a stick enrolls it, the screen is
// handed the kiosk page, and a second boot never enrolls again.

let dir: string;
let central: RunningCentral;
let sim: ScannerSimulator;
const open: FirstBoot[] = [];
const noLog = () => undefined;
const NO_DEVICES: DriverFactory = {
  reader: () => {
    throw new Error('none');
  },
  printer: () => {
    throw new Error('none');
  },
  detect: async () => ({ reader: null, printer: null }),
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'doorstep-firstboot-'));
  central = await startCentral({ port: 0, dataDir: join(dir, 'central'), seed: 'demo' });
  sim = await startScannerSimulator({ pty: { dir } });
}, 60_000);
afterAll(async () => {
  for (const fb of open) await fb.close();
  await sim?.close();
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

function kioskDir(name: string, centralUrl?: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  if (centralUrl) writeFileSync(join(d, 'kiosk.json'), JSON.stringify({ centralUrl }));
  return d;
}

async function firstBoot(dataDir: string, o: { scanner?: boolean; watch?: string[] } = {}) {
  const scanners = o.scanner
    ? [new QrScanner({ path: sim.kioskPath!, baudRate: 9600, terminator: 'auto', waitForDevice: true })]
    : [];
  const fb = await startFirstBoot({
    dataDir,
    port: 0,
    watch: o.watch ?? [],
    scanners,
    enroll: enrollWithHost(dataDir),
    log: noLog,
    pollMs: 50,
  });
  open.push(fb);
  return fb;
}

/** The first state passing `ok`, now or when it comes. */
function stateWhere(fb: FirstBoot, ok: (s: ProvisionState) => boolean): Promise<ProvisionState> {
  if (ok(fb.state())) return Promise.resolve(fb.state());
  return new Promise((resolve) => {
    const off = fb.onChange((s) => {
      if (!ok(s)) return;
      off();
      resolve(s);
    });
  });
}

const token = (fb: FirstBoot) => fb.url.split('#t=')[1]!;
const base = (fb: FirstBoot) => `http://127.0.0.1:${fb.port}`;
const postScan = (fb: FirstBoot, text: string, t = token(fb)) =>
  fetch(`${base(fb)}/provision/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-doorstep-provision': t },
    body: JSON.stringify({ text }),
  });

describe('a fresh kiosk on its first boot', () => {
  it('shows the bilingual "not provisioned" page with the central it would enroll with', async () => {
    const fb = await firstBoot(kioskDir('page', central.url));
    const page = await fetch(`${base(fb)}/provision/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('本终端尚未配置');
    expect(html).toContain('This kiosk is not provisioned');
    expect(html.indexOf('本终端尚未配置')).toBeLessThan(html.indexOf('This kiosk is not provisioned'));
    expect((await fetch(`${base(fb)}/kiosk/`, { redirect: 'manual' })).headers.get('location')).toBe(
      '/provision/',
    );
    const state = (await (await fetch(`${base(fb)}/provision/state`)).json()) as ProvisionState;
    expect(state).toMatchObject({ state: 'waiting', central: central.url });
  });

  it('enrolls when the technician scans the enrollment sheet QR, and hands the screen the kiosk page', async () => {
    const dataDir = kioskDir('scanned', central.url);
    const fb = await firstBoot(dataDir, { scanner: true });
    const next = fetch(`${base(fb)}/provision/next?t=${token(fb)}`);
    // The sheet's QR holds the code alone (central/services/admin/enrollment-sheet.ts).
    await sim.scan(await central.enrollmentCode('s-zhangjiang-1'));
    const outcome = await fb.done;
    expect(outcome).toMatchObject({ source: 'scanner', restart: false });
    expect(fb.state().state).toBe('enrolled');
    expect(isEnrolled(dataDir)).toBe(true);
    expect(existsSync(join(dataDir, 'provisioned'))).toBe(true);

    // The host takes over the same port; the page's pending request gets the kiosk page's address.
    await fb.stopListening();
    const host = await createKioskHost({ dataDir, drivers: NO_DEVICES });
    // A stand-in start screen: what is checked is that the screen is sent to the kiosk page.
    const renderer = join(dir, 'renderer');
    mkdirSync(join(renderer, 'kiosk'), { recursive: true });
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'kiosk', 'index.html'), '<!doctype html><title>kiosk</title><p>start</p>');
    const shell = await startBrowserShell({ host, log: noLog, rendererDir: renderer, port: fb.port });
    try {
      fb.handOff(shell.kioskUrl);
      const answer = (await (await next).json()) as { url: string };
      expect(answer.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${fb.port}/kiosk/#bridge=`));
      expect(await (await fetch(answer.url)).text()).toContain('<p>start</p>');
      expect((await host.call('link.status', {})).enrolled).toBe(true);
    } finally {
      await shell.close();
      await host.close();
    }
  });

  it('says what is wrong with a scan that is not an enrollment code, then enrolls from provision.json on a stick', async () => {
    const dataDir = kioskDir('stick'); // no central known: a bare code is not enough
    const media = join(dir, 'media');
    const fb = await firstBoot(dataDir, { watch: [media] });
    const bad = stateWhere(fb, (s) => s.state === 'failed');
    expect((await postScan(fb, 'HELLO-WORLD')).status).toBe(202);
    expect((await bad).error).toEqual({ code: 'PROVISION_INVALID', source: 'page' });
    const noCentral = stateWhere(fb, (s) => s.error?.code === 'NO_CENTRAL');
    await postScan(fb, await central.enrollmentCode('s-zhangjiang-1'));
    expect((await noCentral).state).toBe('failed');

    mkdirSync(join(media, 'sdb1'), { recursive: true });
    const provision = {
      central: central.url,
      enrollCode: await central.enrollmentCode('s-zhangjiang-1'),
      rotation: 90,
    };
    writeFileSync(join(media, 'sdb1', 'provision.json'), JSON.stringify(provision));
    expect(await fb.done).toMatchObject({ source: 'file', restart: false });
    expect(isEnrolled(dataDir)).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, 'display.json'), 'utf8'))).toEqual({ rotation: 90 });
  });

  it('refuses a scan without the page token or with a bad body (4xx with an error code)', async () => {
    const fb = await firstBoot(kioskDir('refuse', central.url));
    const noToken = await postScan(fb, 'ABCD-EFGH-JKLM', 'wrong');
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const badBody = await fetch(`${base(fb)}/provision/scan`, {
      method: 'POST',
      headers: { 'x-doorstep-provision': token(fb) },
      body: '{"code":1}',
    });
    expect(badBody.status).toBe(400);
    expect(((await badBody.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
    expect(fb.state().state).toBe('waiting');
  });

  it('shows that central refused a used code, and keeps waiting for another', async () => {
    const used = await central.enrollmentCode('s-zhangjiang-1');
    await enrollWithHost(kioskDir('first-user', central.url))({
      central: central.url,
      enrollCode: used,
      rotation: 0,
    });
    const fb = await firstBoot(kioskDir('second-user', central.url));
    const refused = stateWhere(fb, (s) => s.state === 'failed');
    await postScan(fb, used);
    expect((await refused).error).toEqual({ code: 'ENROLL_REFUSED', source: 'page' });
    const enrolled = stateWhere(fb, (s) => s.state === 'enrolled');
    await postScan(fb, await central.enrollmentCode('s-zhangjiang-1'));
    expect((await enrolled).state).toBe('enrolled');
  });

  it('keeps the district CA from provision.json and restarts to trust it, leaving the code for the next start', async () => {
    const dataDir = kioskDir('ca');
    const fb = await firstBoot(dataDir);
    const ca = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';
    await postScan(
      fb,
      JSON.stringify({ central: 'https://central.example.gov.cn', enrollCode: 'ABCD-EFGH-JKLM', caCert: ca }),
    );
    expect(await fb.done).toMatchObject({ restart: true });
    expect(readFileSync(join(dataDir, 'central-ca.pem'), 'utf8')).toContain('MIIBfake');
    expect(readFileSync(join(dataDir, 'host.env'), 'utf8')).toBe(
      `NODE_EXTRA_CA_CERTS=${join(dataDir, 'central-ca.pem')}\n`,
    );
    expect(readFileSync(join(dataDir, 'enroll-code'), 'utf8').trim()).toBe('ABCD-EFGH-JKLM');
    expect(JSON.parse(readFileSync(join(dataDir, 'kiosk.json'), 'utf8')).centralUrl).toBe(
      'https://central.example.gov.cn',
    );
  });

  it('does not enroll again on its second boot, even with a provision.json still on the stick', async () => {
    const dataDir = kioskDir('second-boot', central.url);
    // Enrolled on the first boot (as above), then rebooted with a stick holding a fresh code.
    await enrollWithHost(dataDir)({
      central: central.url,
      enrollCode: await central.enrollmentCode('s-zhangjiang-1'),
      rotation: 0,
    });
    const media = join(dir, 'media-second');
    const fresh = await central.enrollmentCode('s-zhangjiang-1');
    mkdirSync(media, { recursive: true });
    writeFileSync(join(media, 'provision.json'), JSON.stringify({ central: central.url, enrollCode: fresh }));
    expect(await runFirstBoot({ dataDir, port: 0, watch: [media] })).toBeNull();
    // The code on the stick was never used: another kiosk can still enroll with it.
    const other = await enrollWithHost(kioskDir('other'))({
      central: central.url,
      enrollCode: fresh,
      rotation: 0,
    });
    expect(other).toEqual({ ok: true });
  });
});
