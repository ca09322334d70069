#!/usr/bin/env node
// npm run image — a bootable Debian 12 kiosk disk image built from the kiosk package (npm run package:deb)
// with mmdebstrap: kernel, systemd-boot, cage, seatd, Xwayland, Chromium, grim, Noto CJK fonts, the
// package and its units. Output (dist/images/): doorstep-kiosk-<version>-amd64.img, a GPT disk (EFI
// system partition with systemd-boot, kernel, initrd and the place for provision.json; ext4 root) to
// write onto a mini-PC's disk, its .sha256, and the kernel and initrd beside it (qemu -kernel). No loop
// devices or mounts are needed (scripts/lib/disk-image.mjs).
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  DISK_TOOLS,
  ESP_README,
  buildDisk,
  diskLayout,
  fstab,
  loaderFiles,
  parseSize,
} from './lib/disk-image.mjs';

const HELP = `Usage: npm run image [-- options]

Builds dist/images/doorstep-kiosk-<version>-amd64.img: a bootable Debian 12 (bookworm) kiosk disk
from the kiosk package, with mmdebstrap (as root; a few minutes and 700 MB of downloads on first build).
It is a whole disk (GPT: an EFI system partition with systemd-boot, the kernel and provision.json, and
the ext4 root): write it to the mini-PC's disk with dd or balenaEtcher (docs/deployment.md). Its
sha256 is written beside it (.img.sha256), with the kernel and initrd (.vmlinuz, .initrd.img).

  --deb FILE         a kiosk package built before (default: npm run package:deb builds one from
                     this source tree first, so the image never carries an older package)
  --out DIR          where the image goes (default dist/images)
  --size SIZE        the disk's size, sparse (default 4G; at most the mini-PC's disk: the root is not
                     grown on first boot, the rest of a larger disk stays unused)
  --provision FILE   put this provision.json on the image's boot partition (the ESP), so
                     the kiosk enrolls on its first boot (one image per kiosk: the code is one-time)
 --central URL      the district's central: a kiosk of this image then enrolls from the enrollment
                     sheet's QR (the code alone) with nothing else provided
  --ca FILE          the district's CA certificate (PEM) for central, trusted by the kiosk host
  --mirror URL       Debian mirror (default http://deb.debian.org/debian)
  --keep-root        keep the image's root directory (DIR/root-<version>) for systemd-nspawn
  --reuse-root       with a kept root: install the package into it again and remake the image, without
                     mmdebstrap (seconds instead of minutes, for package changes while developing)
  --help             show this help

Needs: mmdebstrap, dpkg-deb, mkfs.ext4 (e2fsprogs), sfdisk (fdisk), mkfs.vfat (dosfstools), mcopy
(mtools); as root they are installed with apt-get when missing (or: npm run deps:system -- --image).`;

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
const opts = {
  out: 'dist/images',
  size: '4G',
  mirror: 'http://deb.debian.org/debian',
  keepRoot: false,
  reuseRoot: false,
};
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => {
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) fail(`${a} needs a value`);
    return v;
  };
  if (a === '--deb') opts.deb = resolve(val());
  else if (a === '--out') opts.out = val();
  else if (a === '--size') opts.size = val();
  else if (a === '--provision') opts.provision = resolve(val());
  else if (a === '--mirror') opts.mirror = val();
  else if (a === '--central') opts.central = val();
  else if (a === '--ca') opts.ca = resolve(val());
  else if (a === '--keep-root') opts.keepRoot = true;
  else if (a === '--reuse-root') opts.reuseRoot = opts.keepRoot = true;
  else fail(`unknown option ${a}`);
}
if (opts.central && !URL.canParse(opts.central)) fail(`--central is a URL, got ${opts.central}`);
if (opts.ca && !existsSync(opts.ca)) fail(`no CA certificate at ${opts.ca}`);
const diskBytes = parseSize(opts.size);
if (diskBytes === undefined) fail(`--size is like 4G or 3000M, got ${opts.size}`);

function fail(message) {
  console.error(`image: ${message}\n\n${HELP}`);
  process.exit(2);
}
const started = Date.now();
const secs = () => ((Date.now() - started) / 1000).toFixed(0);
const step = (m) => console.log(`image: [${secs()} s] ${m}`);

// 1. Tools. As root, what is missing is installed with apt-get (as scripts/ensure-system-deps.sh does).
const TOOLS = [['mmdebstrap', 'mmdebstrap'], ['dpkg-deb', 'dpkg'], ...DISK_TOOLS];
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const missing = TOOLS.filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg);
const root = process.getuid?.() === 0;
if (missing.length) {
  if (!root || !has('apt-get')) {
    console.error(
      `image: missing tools: install ${missing.join(' ')} (sudo apt-get install -y ${missing.join(' ')})`,
    );
    process.exit(1);
  }
  step(`installing ${missing.join(' ')} with apt-get …`);
  const r = spawnSync(
    'apt-get',
    ['-o', 'DPkg::Lock::Timeout=120', 'install', '-y', '-qq', '--no-install-recommends', ...missing],
    { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 900_000 },
  );
  if (r.status !== 0) {
    console.error(`image: apt-get install ${missing.join(' ')} failed; install them by hand`);
    process.exit(1);
  }
}
if (!root) {
  // mmdebstrap's root mode installs packages owned by root with their maintainer scripts; the
  // unshare mode would need subordinate ids, which CI machines rarely have.
  console.error('image: building an image needs root (mmdebstrap --mode=root): run it with sudo');
  process.exit(1);
}

// 2. The package.
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const deb = opts.deb ?? resolve(`dist/packages/doorstep-kiosk_${version}_amd64.deb`);
if (opts.deb && !existsSync(deb)) fail(`no package at ${deb}`);
if (!opts.deb) {
  // A package left in dist/ may predate the source (an image once carried a fixed bug back in).
  step('the kiosk package from this source: npm run package:deb …');
  const r = spawnSync(process.execPath, ['scripts/package-deb.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
if (opts.provision && !existsSync(opts.provision)) fail(`no provision file at ${opts.provision}`);

// 3. The root file system.
const out = resolve(opts.out);
mkdirSync(out, { recursive: true });
const rootDir = join(out, `root-${version}`);
const reuse = opts.reuseRoot && existsSync(join(rootDir, 'usr/lib/doorstep-kiosk'));
if (opts.reuseRoot && !reuse) step(`no kept root at ${rootDir}: building it`);
if (reuse) {
  step(`reinstalling ${basename(deb)} into the kept root …`);
  copyFileSync(deb, join(rootDir, 'tmp', basename(deb)));
  const r = spawnSync(
    'chroot',
    [rootDir, 'sh', '-c', `dpkg -i "$0" && doorstep-kiosk keep-package "$0"`, `/tmp/${basename(deb)}`],
    { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
  );
  rmSync(join(rootDir, 'tmp', basename(deb)), { force: true });
  if (r.status !== 0) {
    console.error('image: dpkg -i into the kept root failed');
    process.exit(1);
  }
} else {
  rmSync(rootDir, { recursive: true, force: true });
  const PACKAGES = [
    'systemd-sysv',
    'systemd-timesyncd',
    'udev',
    'dbus',
    'libpam-systemd',
    'linux-image-amd64',
    'cage',
    'seatd',
    'xwayland',
    'chromium',
    'fonts-noto-cjk',
    'ca-certificates',
    // The boot loader the disk image's EFI partition carries (only its EFI binaries: no hooks).
    'systemd-boot-efi',
    // Screenshots of the kiosk screen for the remote command: wlroots screencopy, which cage offers.
    'grim',
  ];
  step(`mmdebstrap bookworm with ${PACKAGES.length} packages and ${basename(deb)} …`);
  const code = await new Promise((done) => {
    const child = spawn(
      'mmdebstrap',
      [
        '--mode=root',
        '--variant=apt',
        '--format=directory',
        `--include=${PACKAGES.join(',')}`,
        // The package is installed from inside the root (apt in a chroot cannot see a path outside it).
        `--customize-hook=copy-in ${deb} /tmp`,
        `--customize-hook=chroot "$1" apt-get install -y -q --no-install-recommends /tmp/${basename(deb)}`,
        // The installed version's package is kept for the updater: the first update rolls back to it.
        `--customize-hook=chroot "$1" doorstep-kiosk keep-package /tmp/${basename(deb)}`,
        `--customize-hook=rm -f "$1/tmp/${basename(deb)}"`,
        `--customize-hook=${resolve('packaging/image/customize.sh')} "$1"`,
        'bookworm',
        rootDir,
        `deb ${opts.mirror} bookworm main`,
        `deb ${opts.mirror} bookworm-updates main`,
        `deb ${opts.mirror.replace(/\/debian\/?$/, '/debian-security')} bookworm-security main`,
      ],
      {
        stdio: ['ignore', 'inherit', 'pipe'],
        env: {
          ...process.env,
          DEBIAN_FRONTEND: 'noninteractive',
          DOORSTEP_IMAGE_PACKAGE: basename(deb),
          DOORSTEP_IMAGE_CENTRAL: opts.central ?? '',
          DOORSTEP_IMAGE_CA: opts.ca ?? '',
        },
      },
    );
    // mmdebstrap's progress goes to stderr: keep its stage lines, drop apt's per-package chatter.
    let buf = '';
    child.stderr.on('data', (d) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) if (/^I: |^E: |^W: |error/i.test(l)) console.log(`image: [${secs()} s]   ${l}`);
    });
    child.once('close', done);
  });
  if (code !== 0) {
    console.error(
      `image: mmdebstrap failed (exit ${code}); see the lines above (network to ${opts.mirror}?)`,
    );
    process.exit(1);
  }
}

// 4. Kernel and initrd: on the ESP for systemd-boot, and beside the image (qemu -kernel/-initrd).
const boot = join(rootDir, 'boot');
const kernel = readdirSync(boot).find((f) => f.startsWith('vmlinuz-'));
const initrd = readdirSync(boot).find((f) => f.startsWith('initrd.img-'));
if (!kernel || !initrd) {
  console.error(`image: no kernel or initrd in ${boot}: linux-image-amd64 did not install`);
  process.exit(1);
}
const bootEfi = join(rootDir, 'usr/lib/systemd/boot/efi/systemd-bootx64.efi');
if (!existsSync(bootEfi)) {
  console.error(`image: no ${bootEfi}: systemd-boot-efi did not install (build without --reuse-root)`);
  process.exit(1);
}
const base = join(out, `doorstep-kiosk-${version}`);
copyFileSync(join(boot, kernel), `${base}.vmlinuz`);
copyFileSync(join(boot, initrd), `${base}.initrd.img`);

// 5. The disk image, without loop devices: fresh PARTUUIDs in fstab and the boot entry, then the disk.
const layout = diskLayout(diskBytes);
if (layout.error) fail(layout.error);
mkdirSync(join(rootDir, 'boot/firmware'), { recursive: true });
writeFileSync(join(rootDir, 'etc/fstab'), fstab(layout));
const img = `${base}-amd64.img`;
const loader = loaderFiles(layout, version);
const espFiles = {
  'EFI/BOOT/BOOTX64.EFI': bootEfi,
  'EFI/systemd/systemd-bootx64.efi': bootEfi,
  'loader/loader.conf': { text: loader['loader/loader.conf'] },
  'loader/entries/doorstep.conf': { text: loader['loader/entries/doorstep.conf'] },
  'doorstep/vmlinuz': join(boot, kernel),
  'doorstep/initrd.img': join(boot, initrd),
  'README.txt': { text: ESP_README },
  ...(opts.provision ? { 'provision.json': opts.provision } : {}),
};
const built = buildDisk({ rootDir, out: img, diskBytes, layout, espFiles, step });
if (built.error) {
  console.error(`image: ${built.error}`);
  process.exit(1);
}
step('sha256 …');
const sum = spawnSync('sha256sum', [basename(img)], { cwd: out, encoding: 'utf8' });
if (sum.status !== 0) {
  console.error(`image: sha256sum failed: ${sum.stderr}`);
  process.exit(1);
}
writeFileSync(`${img}.sha256`, sum.stdout);
if (!opts.keepRoot) rmSync(rootDir, { recursive: true, force: true });
const used = Number(spawnSync('du', ['-sk', img], { encoding: 'utf8' }).stdout.split('\t')[0]) * 1024;
step(
  `${img} (${opts.size} sparse, ${(used / 1e6).toFixed(0)} MB used; kernel ${kernel}; sha256 ${sum.stdout.slice(0, 16)}…) in ${secs()} s\n` +
    `image: write it to the kiosk's disk: dd if=${basename(img)} of=/dev/sdX bs=4M conv=fsync status=progress\n` +
    `image: boot it under qemu (UEFI): qemu-system-x86_64 -accel tcg -m 2048 -smp 2 -vga virtio ` +
    `-drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd ` +
    `-drive if=pflash,format=raw,file=OVMF_VARS.copy.fd -drive file=${img},format=raw,if=virtio -nic none`,
);
