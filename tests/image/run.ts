// npm run test:image — the kiosk image and package on a real system (not in npm test: minutes, root).
// (a) systemd-nspawn boots the image's root on the host network: the host shows the "not provisioned"
//     page, a provision.json on its boot partition enrolls it with a central on loopback, the kiosk
//     page is served, kill -9 and exit 75 are restarted, remove keeps the data, purge deletes it, and a
//     fresh install creates the user and the 0700 data folder again.
// (b) qemu (software emulation, -nic none) boots the disk image as a mini-PC would — UEFI firmware
//     (OVMF), systemd-boot from the EFI system partition, the root by PARTUUID — to the kiosk's screen:
//     read with the monitor's screendump, checked by its pixels, kept as dist/images/boot-screen.png.
//     --direct boots the same disk's root with qemu -kernel/-initrd instead (no firmware, no loader).
// Options: --nspawn or --qemu (one part), --direct, --qemu-timeout SECONDS (default 600).
// Needs `npm run image -- --keep-root` first (it runs it when the image is missing). Prints figures.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PNG } from 'pngjs';
// central and the kiosk page are imported when a part runs, not for --help (they take seconds to load).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const IMAGES = join(ROOT, 'dist/images');
const base = join(IMAGES, `doorstep-kiosk-${version}`);
const rootfs = join(IMAGES, `root-${version}`);
const deb = join(ROOT, `dist/packages/doorstep-kiosk_${version}_amd64.deb`);
const disk = `${base}-amd64.img`;
const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE.fd';
const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS.fd';
const USAGE = `Usage: npm run test:image [-- options]   (as root; not in npm test)

Boots the kiosk image: (a) its root with systemd-nspawn on the host network against a central on
loopback (provisioning, restarts, remove/purge), (b) the disk image under qemu (software emulation,
UEFI firmware from Debian's ovmf, -nic none) until the kiosk page is on screen
(dist/images/boot-screen.png). Builds the image with
npm run image -- --keep-root when it is missing (minutes to an hour). Prints its figures.

  --nspawn               only part (a)
  --qemu                 only part (b)
  --direct               (b) with qemu -kernel/-initrd instead of the firmware and boot loader
  --grim                 (b, with --direct) also take screenshots with the image's own grim
                         (doorstep-kiosk screenshot, given on the kernel command line) and check
                         they show the page too (dist/images/grim-screen.png)
  --qemu-timeout SECONDS how long qemu may take to show the page (default 600)
  --help                 show this help`;
let cli: {
  nspawn?: boolean;
  qemu?: boolean;
  direct?: boolean;
  grim?: boolean;
  'qemu-timeout'?: string;
  help?: boolean;
};
try {
  cli = parseArgs({
    options: {
      nspawn: { type: 'boolean' },
      qemu: { type: 'boolean' },
      direct: { type: 'boolean' },
      grim: { type: 'boolean' },
      'qemu-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (err) {
  console.error(`test:image: ${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (cli.help) {
  console.log(USAGE);
  process.exit(0);
}
if (cli.grim && !cli.direct) {
  console.error('test:image: --grim needs --direct (the kernel command line is given to qemu)');
  process.exit(2);
}
const only = cli.nspawn ? 'nspawn' : cli.qemu ? 'qemu' : 'both';
// How long qemu may take to show the page (software emulation on a loaded machine is slow).
const qemuSecs = Number(cli['qemu-timeout'] ?? 600);
if (!Number.isInteger(qemuSecs) || qemuSecs <= 0) {
  console.error(`test:image: --qemu-timeout is a number of seconds, got ${cli['qemu-timeout']}`);
  process.exit(2);
}
const QEMU_TIMEOUT_MS = qemuSecs * 1000;
const figures: string[] = [];
let failures = 0;
const t0 = Date.now();
const log = (m: string) => console.log(`test:image [${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);
function check(ok: boolean, what: string, detail = ''): void {
  console.log(`${ok ? '  ✓' : '  ✗'} ${what}${detail ? ` (${detail})` : ''}`);
  if (!ok) failures++;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls `probe` every `everyMs` until it gives a value or `timeoutMs` passes (bounded). */
async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  everyMs = 250,
) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    await sleep(everyMs);
  }
  return undefined;
}

if (process.getuid?.() !== 0) {
  console.error('test:image: needs root (systemd-nspawn, mmdebstrap): run it as root, as CI does');
  process.exit(1);
}
for (const [cmd, pkg] of [
  ['systemd-nspawn', 'systemd-container'],
  ['qemu-system-x86_64', 'qemu-system-x86'],
  ['socat', 'socat'],
]) {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    console.error(`test:image: ${cmd} is missing: apt-get install -y ${pkg}`);
    process.exit(1);
  }
}
if (!cli.direct && only !== 'nspawn' && !existsSync(OVMF_CODE)) {
  console.error(
    `test:image: no UEFI firmware at ${OVMF_CODE}: apt-get install -y ovmf (npm run deps:system -- --image)`,
  );
  process.exit(1);
}
if (!existsSync(disk) || !existsSync(rootfs)) {
  log('no image yet: npm run image -- --keep-root …');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/image.mjs'), '--keep-root'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(1);
}

async function nspawnPhase(): Promise<void> {
  log('(a) systemd-nspawn');
  const portFree = await new Promise<boolean>((r) => {
    const s = createConnection({ host: '127.0.0.1', port: 8081 });
    s.once('connect', () => (s.destroy(), r(false)));
    s.once('error', () => r(true));
  });
  if (!portFree) {
    check(false, '127.0.0.1:8081 is free for the kiosk in the container (it shares the host network)');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'doorstep-nspawn-'));
  const { startCentral } = await import('../../central/server');
  const central = await startCentral({ port: 0, dataDir: join(work, 'central'), seed: 'demo' });
  const boot = join(work, 'boot');
  mkdirSync(boot);
  // The container sees the image read-only with its changes in memory (--volatile=overlay): the
  // image stays as built. Its /boot is a folder of ours, standing for the boot partition.
  const machine: ChildProcess = spawn(
    'systemd-nspawn',
    [
      '-q',
      '--keep-unit',
      '--register=no',
      '--volatile=overlay',
      '-D',
      rootfs,
      `--bind=${boot}:/boot/firmware`,
      `--bind-ro=${deb}:/root/doorstep-kiosk.deb`,
      '--boot',
      'systemd.mask=doorstep-kiosk-display.service',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let console_ = '';
  machine.stdout!.on('data', (d: Buffer) => (console_ += d.toString()));
  machine.stderr!.on('data', (d: Buffer) => (console_ += d.toString()));
  const started = Date.now();
  try {
    // The container's init is nspawn's child; commands run inside it with nsenter.
    const init = await until(() => {
      const r = spawnSync('pgrep', ['-P', String(machine.pid), '-x', 'systemd'], { encoding: 'utf8' });
      return r.stdout.trim() || undefined;
    }, 30_000);
    if (!init) throw new Error(`the container did not start:\n${console_}`);
    const inside = (cmd: string, timeout = 120_000) =>
      spawnSync('nsenter', ['-t', init, '-m', '-u', '-i', '-p', '--', 'sh', '-c', cmd], {
        encoding: 'utf8',
        timeout,
      });
    const running = await until(
      () => {
        const s = inside('systemctl is-system-running').stdout.trim();
        return ['running', 'degraded'].includes(s) ? s : undefined;
      },
      120_000,
      500,
    );
    figures.push(
      `nspawn boot to ${running ?? 'not running'}: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    check(!!running, 'the image boots under systemd-nspawn', running ?? console_.slice(-2000));

    // First boot: nothing provided → the "not provisioned" page on the kiosk page's address.
    const state = await until(
      async () => {
        try {
          const r = await fetch('http://127.0.0.1:8081/provision/state');
          return r.ok ? ((await r.json()) as { state: string }) : undefined;
        } catch {
          return undefined;
        }
      },
      60_000,
      500,
    );
    check(
      state?.state === 'waiting',
      'a fresh kiosk serves the "not provisioned" page',
      JSON.stringify(state),
    );
    const page = await fetch('http://127.0.0.1:8081/provision/').then(
      (r) => r.text(),
      () => '',
    );
    check(
      page.includes('本终端尚未配置') && page.includes('This kiosk is not provisioned'),
      'the page is bilingual, zh first',
    );

    // provision.json on the boot partition → enrolled, the kiosk page is served.
    const kioskCount = async () =>
      (await central.db.all<{ n: number }>('SELECT COUNT(*) AS n FROM kiosks', []))[0]?.n ?? 0;
    const kiosksBefore = await kioskCount();
    const provisioned = Date.now();
    writeFileSync(
      join(boot, 'provision.json'),
      JSON.stringify({
        central: central.url,
        enrollCode: await central.enrollmentCode('s-zhangjiang-1'),
        rotation: 90,
      }),
    );
    const kiosk = await until(
      async () => {
        try {
          const r = await fetch('http://127.0.0.1:8081/kiosk/');
          return r.ok && (await r.text()).includes('<div id="root"') ? true : undefined;
        } catch {
          return undefined;
        }
      },
      90_000,
      500,
    );
    figures.push(`provision.json to kiosk page served: ${((Date.now() - provisioned) / 1000).toFixed(1)} s`);
    check(!!kiosk, 'provision.json on the boot partition enrolls the kiosk and the host serves /kiosk/');
    const kiosksAfter = await kioskCount();
    check(kiosksAfter === kiosksBefore + 1, 'central has one kiosk more', `${kiosksBefore} → ${kiosksAfter}`);
    check(
      inside('cat /var/lib/doorstep-kiosk/display.json').stdout.includes('90'),
      'the screen rotation is kept for the display',
    );

    const mainPid = () => inside('systemctl show -p MainPID --value doorstep-kiosk-host').stdout.trim();
    const serving = () =>
      until(
        async () => {
          try {
            return (await fetch('http://127.0.0.1:8081/kiosk/')).ok ? true : undefined;
          } catch {
            return undefined;
          }
        },
        60_000,
        200,
      );
    // kill -9 → systemd restarts it after RestartSec (2 s).
    const before = mainPid();
    const killedAt = Date.now();
    inside(`kill -9 ${before}`);
    await until(() => (mainPid() !== before && mainPid() !== '0' ? true : undefined), 30_000, 100);
    const back = await serving();
    figures.push(
      `kill -9 to kiosk page served again: ${((Date.now() - killedAt) / 1000).toFixed(1)} s (RestartSec=2)`,
    );
    check(
      !!back && mainPid() !== before,
      'kill -9 of the host: restarted and serving again',
      `pid ${before} → ${mainPid()}`,
    );
    // A technician restart exits 75 (SIGHUP asks for the same) → restarted, not counted as a failure.
    const pid2 = mainPid();
    const hupAt = Date.now();
    inside(`kill -HUP ${pid2}`);
    await until(() => (mainPid() !== pid2 && mainPid() !== '0' ? true : undefined), 30_000, 100);
    const back2 = await serving();
    const result = inside(
      'journalctl -u doorstep-kiosk-host --no-pager -o cat | grep -c "status=75" || true',
    ).stdout.trim();
    figures.push(`exit 75 to kiosk page served again: ${((Date.now() - hupAt) / 1000).toFixed(1)} s`);
    check(
      !!back2 && Number(result) >= 1,
      'exit 75 (technician restart): restarted by systemd',
      `exits with 75 in the journal: ${result}`,
    );
    // A second start does not enroll again (it has its token; provision.json is still there).
    const enrolls = inside(
      'grep -c "enrolled as kiosk" /var/lib/doorstep-kiosk/logs/*.log || true',
    ).stdout.trim();
    check(
      enrolls === '1',
      'restarts with provision.json still present do not enroll again',
      `enrollments logged: ${enrolls}`,
    );

    // remove keeps the data, purge deletes it and the user; a fresh install makes them again.
    inside('DEBIAN_FRONTEND=noninteractive dpkg -r doorstep-kiosk >/dev/null');
    check(
      inside('test -f /var/lib/doorstep-kiosk/kiosk.db').status === 0,
      'remove keeps the kiosk data (its token, settings, logs)',
    );
    inside('DEBIAN_FRONTEND=noninteractive dpkg -P doorstep-kiosk >/dev/null');
    check(inside('test -e /var/lib/doorstep-kiosk').status !== 0, 'purge deletes /var/lib/doorstep-kiosk');
    check(inside('getent passwd doorstep').status !== 0, 'purge deletes the doorstep user');
    const installed = Date.now();
    const inst = inside('DEBIAN_FRONTEND=noninteractive dpkg -i /root/doorstep-kiosk.deb 2>&1');
    figures.push(`dpkg -i of the package: ${((Date.now() - installed) / 1000).toFixed(1)} s`);
    check(inst.status === 0, 'the package installs into the booted system', inst.stdout.slice(-500));
    check(
      inside('stat -c "%U %a" /var/lib/doorstep-kiosk').stdout.trim() === 'doorstep 700',
      'install creates the doorstep user and its 0700 data folder',
      inside('stat -c "%U %a" /var/lib/doorstep-kiosk').stdout.trim(),
    );
    check(
      inside('systemctl is-enabled doorstep-kiosk-host').stdout.trim() === 'enabled',
      'the host unit is enabled',
    );
    const verify = inside(
      'systemd-analyze verify doorstep-kiosk-host.service doorstep-kiosk-display.service doorstep-kiosk-media@sda1.service 2>&1',
    );
    check(
      verify.status === 0,
      'systemd-analyze verify accepts the units inside the system',
      verify.stdout.trim().slice(-500),
    );
  } finally {
    // SIGTERM asks the container to power off; SIGKILL only if it does not within 30 s.
    const closed = new Promise((r) => machine.once('close', r));
    machine.kill('SIGTERM');
    const t = setTimeout(() => machine.kill('SIGKILL'), 30_000);
    await closed;
    clearTimeout(t);
    await central.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * --grim: a service given on the kernel command line (systemd-run-generator) that takes a screenshot
 * with the image's own tool every 20 s and writes it to the serial console in base64 between markers;
 * the boot still goes to graphical.target (the kiosk's screen). Nothing of it is in the image.
 */
const GRIM_PROBE = [
  'systemd.unit=graphical.target',
  'systemd.wants=kernel-command-line.service',
  'systemd.run_success_action=none',
  'systemd.run_failure_action=none',
  `systemd.run="/bin/sh -c 'while sleep 20; do doorstep-kiosk screenshot /run/grim.png && { echo GRIM-PNG-BEGIN; base64 -w0 /run/grim.png; echo; echo GRIM-PNG-END; } >/dev/ttyS0; done'"`,
].join(' ');

/** The last complete grim picture on the serial console (GRIM_PROBE), or undefined. */
function lastGrimShot(serialLog: string): Buffer | undefined {
  const all = [...serialLog.matchAll(/GRIM-PNG-BEGIN\r?\n([A-Za-z0-9+/=]+)\r?\nGRIM-PNG-END/g)];
  const b64 = all.at(-1)?.[1];
  if (!b64) return undefined;
  const buf = Buffer.from(b64, 'base64');
  try {
    PNG.sync.read(buf);
    return buf;
  } catch {
    return undefined;
  }
}

/** The PPM (P6) qemu's screendump writes, as width, height and RGB bytes. */
function readPpm(file: string): { w: number; h: number; rgb: Buffer } {
  const buf = readFileSync(file);
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!m) throw new Error(`${file} is not a P6 PPM with 8-bit colours`);
  return { w: Number(m[1]), h: Number(m[2]), rgb: buf.subarray(m[0].length) };
}

async function qemuPhase(): Promise<void> {
  log('(b) qemu, software emulation, -nic none');
  const { PAGE_BACKGROUND } = await import('../../main/host/provisioning/page');
  const work = mkdtempSync(join(tmpdir(), 'doorstep-qemu-'));
  const mon = join(work, 'mon.sock');
  const serial = join(IMAGES, 'qemu-serial.log');
  rmSync(serial, { force: true });
  const started = Date.now();
  // The mini-PC's way: UEFI firmware (its variables a writable copy, as a board's NVRAM), which finds
  // systemd-boot on the ESP by the removable-media path. --direct: the kernel and initrd given to qemu.
  let bootArgs: string[];
  if (cli.direct) {
    bootArgs = [
      '-kernel',
      `${base}.vmlinuz`,
      '-initrd',
      `${base}.initrd.img`,
      '-append',
      `root=/dev/vda2 rw console=ttyS0 panic=-1 ${cli.grim ? GRIM_PROBE : 'systemd.journald.forward_to_console=1'}`,
    ];
  } else {
    const vars = join(work, 'OVMF_VARS.fd');
    copyFileSync(OVMF_VARS, vars);
    bootArgs = [
      '-drive',
      `if=pflash,format=raw,readonly=on,file=${OVMF_CODE}`,
      '-drive',
      `if=pflash,format=raw,file=${vars}`,
    ];
  }
  log(`booting ${disk} ${cli.direct ? 'with -kernel/-initrd' : 'with OVMF and systemd-boot'}`);
  const qemu = spawn(
    'qemu-system-x86_64',
    [
      '-accel',
      'tcg',
      '-m',
      '2048',
      '-smp',
      '2',
      '-vga',
      'virtio',
      '-display',
      'none',
      '-no-reboot',
      '-serial',
      `file:${serial}`,
      '-monitor',
      `unix:${mon},server,nowait`,
      ...bootArgs,
      '-drive',
      `file=${disk},format=raw,if=virtio,snapshot=on`,
      '-nic',
      'none',
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(PAGE_BACKGROUND.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
  let last: { w: number; h: number; rgb: Buffer } | undefined;
  let share = 0;
  let textShare = 0;
  let colourAt: number | undefined;
  let loginAt: number | undefined;
  let screenAt: number | undefined;
  let grimAt: number | undefined;
  let grimShot: Buffer | undefined;
  let grimShares = { share: 0, textShare: 0 };
  /** Mean difference per colour channel between grim's picture and qemu's screen, when both are the same size. */
  let grimDiff: number | undefined;
  let grimSize = '';
  /** The share of pixels in the page's colour and in light (text) colours; `step` 3 = RGB, 4 = RGBA. */
  const shares = (px: Buffer, n: number, step: number) => {
    let match = 0;
    let light = 0;
    for (let i = 0; i < n; i++) {
      const o = i * step;
      const [pr, pg, pb] = [px[o]!, px[o + 1]!, px[o + 2]!];
      if (Math.abs(pr - r) < 12 && Math.abs(pg - g) < 12 && Math.abs(pb - b) < 12) match++;
      else if (pr > 200 && pg > 200 && pb > 200) light++;
    }
    return { share: match / n, textShare: light / n };
  };
  const how = cli.direct ? 'tcg, -kernel' : 'tcg, OVMF + systemd-boot';
  try {
    await until(
      async () => {
        if (!existsSync(mon)) return undefined;
        // The serial console's login prompt: firmware, boot loader, kernel and systemd's start are done.
        if (loginAt === undefined && existsSync(serial) && readFileSync(serial, 'latin1').includes('login:'))
          loginAt = Date.now();
        const shot = join(work, 'shot.ppm');
        rmSync(shot, { force: true });
        spawnSync('socat', ['-', `UNIX-CONNECT:${mon}`], { input: `screendump ${shot}\n`, timeout: 20_000 });
        const ok = await until(
          () => (existsSync(shot) && readFileSync(shot).length > 1000 ? true : undefined),
          10_000,
          200,
        );
        if (!ok) return undefined;
        try {
          last = readPpm(shot);
        } catch {
          return undefined;
        }
        ({ share, textShare } = shares(last.rgb, last.w * last.h, 3));
        // The page's colour alone is not the page: Chromium paints the background before the text
        // (a bare blue screen was once taken for success). The page's white text must be there too.
        if (share > 0.5 && colourAt === undefined) colourAt = Date.now();
        if (share > 0.5 && textShare > 0.003) screenAt ??= Date.now();
        if (cli.grim) {
          // The image's own grim (doorstep-kiosk screenshot, every 20 s) must see the page too.
          const shot = existsSync(serial) ? lastGrimShot(readFileSync(serial, 'latin1')) : undefined;
          if (shot) {
            grimShot = shot;
            const img = PNG.sync.read(shot);
            grimShares = shares(img.data, img.width * img.height, 4);
            grimSize = `${img.width}×${img.height}`;
            if (img.width === last.w && img.height === last.h) {
              let sum = 0;
              for (let i = 0; i < last.w * last.h; i++)
                for (let c = 0; c < 3; c++) sum += Math.abs(img.data[i * 4 + c]! - last.rgb[i * 3 + c]!);
              grimDiff = sum / (last.w * last.h * 3);
            } else grimDiff = undefined;
            if (grimShares.share > 0.5 && grimShares.textShare > 0.003) grimAt ??= Date.now();
          }
        }
        return screenAt !== undefined && (!cli.grim || grimAt !== undefined) ? true : undefined;
      },
      QEMU_TIMEOUT_MS,
      3000,
    );
    const secs = (((screenAt ?? Date.now()) - started) / 1000).toFixed(0);
    if (grimShot) writeFileSync(join(IMAGES, 'grim-screen.png'), grimShot);
    if (cli.grim) {
      figures.push(
        `qemu: grim in the display session sees the page: ${grimAt ? `${((grimAt - started) / 1000).toFixed(0)} s` : 'no'}`,
      );
      // The capture itself: grim's picture is what qemu shows (a picture taken up to 20 s apart, so
      // alike rather than equal; the cursor is only in qemu's).
      check(
        grimDiff !== undefined && grimDiff < 10,
        "doorstep-kiosk screenshot (grim on cage, as the kiosk's user) captures the kiosk's screen",
        grimShot
          ? `grim ${grimSize}, screen ${last ? `${last.w}×${last.h}` : '?'}, mean difference ${grimDiff?.toFixed(1) ?? 'n/a'} per channel`
          : 'no grim picture on the serial console',
      );
      check(
        grimAt !== undefined,
        "grim's picture shows the kiosk's page",
        `${grimShot ? `last grim picture ${(grimShares.share * 100).toFixed(0)} % page colour, ${(grimShares.textShare * 100).toFixed(2)} % text; dist/images/grim-screen.png` : 'no grim picture on the serial console'}`,
      );
    }
    if (last) {
      const png = new PNG({ width: last.w, height: last.h });
      for (let i = 0; i < last.w * last.h; i++) {
        png.data[i * 4] = last.rgb[i * 3]!;
        png.data[i * 4 + 1] = last.rgb[i * 3 + 1]!;
        png.data[i * 4 + 2] = last.rgb[i * 3 + 2]!;
        png.data[i * 4 + 3] = 255;
      }
      writeFileSync(join(IMAGES, 'boot-screen.png'), PNG.sync.write(png));
    }
    if (loginAt !== undefined)
      figures.push(
        `qemu (${how}) start to the serial login prompt: ${((loginAt - started) / 1000).toFixed(0)} s`,
      );
    if (colourAt !== undefined)
      figures.push(
        `qemu (${how}) start to the page's background: ${((colourAt - started) / 1000).toFixed(0)} s`,
      );
    figures.push(
      `qemu (${how}) start to the kiosk's screen with its text: ${screenAt ? `${secs} s` : `not within ${secs} s`}`,
    );
    check(
      screenAt !== undefined,
      'the image boots to the kiosk screen ("not provisioned" page: no network, nothing provided)',
      `${(share * 100).toFixed(0)} % of the screen in the page's colour, ${(textShare * 100).toFixed(2)} % in its white text; dist/images/boot-screen.png; serial log dist/images/qemu-serial.log`,
    );
  } finally {
    qemu.kill('SIGKILL');
    await new Promise((res) => qemu.once('close', res));
    rmSync(work, { recursive: true, force: true });
  }
}

if (only !== 'qemu') await nspawnPhase();
if (only !== 'nspawn') await qemuPhase();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;
console.log(`\nfigures (${machine}):\n${figures.map((f) => `  ${f}`).join('\n')}`);
console.log(failures ? `\ntest:image: ${failures} check(s) FAILED` : '\ntest:image: all checks passed');
process.exit(failures ? 1 : 0);
