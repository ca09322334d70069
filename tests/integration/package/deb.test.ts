import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCentral, type RunningCentral } from '../../../central/server';

// The kiosk's Debian package as a technician gets it (npm run package:deb): what it holds, that its
// maintainer scripts and systemd units are valid, and that the host it carries — its own Node, the
// bundled host, its native modules — enrolls with a real central and serves the kiosk page.

const ROOT = resolve(__dirname, '../../..');
/** A command run without blocking this process's event loop, where central answers it. */
function run(
  cmd: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: env ?? process.env, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let deb: string;
let root: string;
let central: RunningCentral;
const LIB = () => join(root, 'usr/lib/doorstep-kiosk');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'doorstep-deb-'));
  const build = spawn(process.execPath, ['scripts/package-deb.mjs', '--out', join(dir, 'out')], {
    cwd: ROOT,
  });
  let log = '';
  build.stdout.on('data', (d: Buffer) => (log += d.toString()));
  build.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const code = await new Promise<number | null>((r) => build.once('close', r));
  if (code !== 0) throw new Error(`package:deb failed:\n${log}`);
  deb = join(
    dir,
    'out',
    readdirSync(join(dir, 'out')).find((f) => f.endsWith('.deb'))!,
  );
  root = join(dir, 'root');
  execFileSync('dpkg-deb', ['-x', deb, root]);
  execFileSync('dpkg-deb', ['-e', deb, join(root, 'DEBIAN')]);
  central = await startCentral({ port: 0, dataDir: join(dir, 'central'), seed: 'demo' });
}, 240_000);
afterAll(async () => {
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the doorstep-kiosk package', () => {
  it('is named and described for Debian, and depends on the display session it runs', () => {
    expect(deb).toMatch(/doorstep-kiosk_\d+\.\d+\.\d+_amd64\.deb$/);
    const info = execFileSync('dpkg-deb', ['--field', deb, 'Package', 'Architecture', 'Depends'], {
      encoding: 'utf8',
    });
    expect(info).toContain('Package: doorstep-kiosk');
    for (const dep of ['cage', 'seatd', 'chromium', 'fonts-noto-cjk', 'adduser']) expect(info).toContain(dep);
  });

  it('holds its own Node 20, the host, the kiosk screens, policies, udev rules, units and the technician command', () => {
    for (const f of [
      'usr/lib/doorstep-kiosk/bin/node',
      'usr/lib/doorstep-kiosk/host/cli.mjs',
      'usr/lib/doorstep-kiosk/renderer/kiosk/index.html',
      'usr/bin/doorstep-kiosk',
      'lib/systemd/system/doorstep-kiosk-host.service',
      'lib/systemd/system/doorstep-kiosk-display.service',
      'lib/udev/rules.d/60-doorstep-kiosk.rules',
      'etc/chromium/policies/managed/doorstep-kiosk.json',
    ])
      expect(existsSync(join(root, f)), f).toBe(true);
    expect(execFileSync(join(LIB(), 'bin/node'), ['--version'], { encoding: 'utf8' })).toMatch(/^v2\d\./);
    expect(existsSync(join(root, 'usr/lib/doorstep-kiosk/renderer/console'))).toBe(false);
    const policy = JSON.parse(
      readFileSync(join(root, 'etc/chromium/policies/managed/doorstep-kiosk.json'), 'utf8'),
    );
    expect(policy).toMatchObject({
      DeveloperToolsAvailability: 2,
      URLAllowlist: ['http://127.0.0.1:8081', 'about:blank'],
    });
  });

  it('has maintainer scripts that parse, keep data on remove and delete it on purge', () => {
    for (const s of ['postinst', 'prerm', 'postrm'])
      expect(spawnSync('sh', ['-n', join(root, 'DEBIAN', s)]).status, s).toBe(0);
    const postrm = readFileSync(join(root, 'DEBIAN/postrm'), 'utf8');
    expect(postrm).toMatch(/"purge"[\s\S]*rm -rf \/var\/lib\/doorstep-kiosk/);
    expect(postrm.split('"purge"')[0]).not.toContain('rm -rf /var/lib/doorstep-kiosk');
    expect(readFileSync(join(root, 'DEBIAN/postinst'), 'utf8')).toContain('-m 0700 /var/lib/doorstep-kiosk');
  });

  it.skipIf(spawnSync('systemd-analyze', ['--version']).status !== 0)(
    'has systemd units that systemd-analyze verify accepts, with the host restarted on exit 75 and on a crash',
    () => {
      const units = join(dir, 'units');
      mkdirSync(units);
      // Issue 14 adds the root-side updater (service + timer) and the display restart path unit.
      const names = ['host', 'display', 'updater', 'display-restart'].map(
        (u) => `doorstep-kiosk-${u}.service`,
      );
      names.push('doorstep-kiosk-updater.timer', 'doorstep-kiosk-display-restart.path');
      for (const name of names) {
        const text = readFileSync(join(root, `lib/systemd/system/${name}`), 'utf8');
        // The unit's programs must exist: point them at the unpacked package.
        writeFileSync(join(units, name), text.replaceAll('/usr/lib/doorstep-kiosk', LIB()));
      }
      const r = spawnSync('systemd-analyze', ['verify', ...readdirSync(units).map((u) => join(units, u))], {
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const host = readFileSync(join(units, 'doorstep-kiosk-host.service'), 'utf8');
      expect(host).toMatch(/^Restart=always$/m);
      expect(host).toMatch(/^RestartForceExitStatus=75$/m);
      expect(host).toMatch(/^User=doorstep$/m);
      expect(host).toMatch(/^WatchdogSec=\d+$/m);
      expect(host).toMatch(/^Type=notify$/m); // the watchdog counts from READY, not from the start
      const updater = readFileSync(join(units, 'doorstep-kiosk-updater.service'), 'utf8');
      expect(updater).toMatch(/^User=root$/m);
      expect(existsSync(join(LIB(), 'host/updater.mjs'))).toBe(true);
    },
  );

  it('enrolls with central, passes the doctor on central and serves the kiosk page from the packaged host', async () => {
    const data = join(dir, 'kiosk-data');
    const code = await central.enrollmentCode('s-zhangjiang-1');
    const node = join(LIB(), 'bin/node');
    const cli = join(LIB(), 'host/cli.mjs');
    const provision = await run(node, [
      cli,
      '--provision',
      '--data',
      data,
      '--central',
      central.url,
      '--enroll-code',
      code,
      '--set-pin',
      '123456',
      '--renderer',
      join(LIB(), 'renderer'),
    ]);
    expect(provision.stdout, provision.stderr).toContain('(enrolled)');

    const env = { ...process.env, DOORSTEP_KIOSK_LIB: LIB(), DOORSTEP_KIOSK_DATA: data };
    const wrapper = join(root, 'usr/bin/doorstep-kiosk');
    expect((await run(wrapper, ['--help'], env)).stdout).toContain('provision');
    const doctor = await run(wrapper, ['doctor'], env);
    expect(doctor.stdout).toContain(`central: ${central.url.replace(/\/$/, '')}`);
    expect(doctor.stdout).toMatch(/reachable/);
    expect(doctor.stdout).not.toMatch(/NOT reachable/);

    const urlFile = join(dir, 'kiosk-url');
    const host = spawn(
      node,
      [
        cli,
        '--data',
        data,
        '--port',
        '0',
        '--renderer',
        join(LIB(), 'renderer'),
        '--headless',
        '--url-file',
        urlFile,
      ],
      {
        stdio: 'ignore',
      },
    );
    try {
      const deadline = Date.now() + 60_000;
      while (!existsSync(urlFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const url = readFileSync(urlFile, 'utf8').trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kiosk\/#bridge=[0-9a-f]{48}$/);
      const page = await fetch(url.split('#')[0]!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('id="root"');
    } finally {
      host.kill('SIGKILL');
    }
  });
});
