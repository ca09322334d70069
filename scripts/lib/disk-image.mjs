// The kiosk's disk image (npm run image): a GPT disk a technician writes to a mini-PC's disk with dd or
// balenaEtcher. Partition 1 is the EFI system partition (FAT32, label DOORSTEP): systemd-boot as the
// removable-media boot loader (EFI/BOOT/BOOTX64.EFI, found by any UEFI firmware without a boot entry),
// the kernel and initrd, and the place for provision.json (mounted at /boot/firmware, which the host's
// first-boot path reads). Partition 2 is the ext4 root (label doorstep-root), found by its PARTUUID.
// It is built without loop devices or mounts (containers and CI rarely have them): mkfs.ext4 -d fills
// the root from a directory, mkfs.vfat + mtools fill the ESP, sfdisk writes the table into the image
// file and dd conv=notrunc,sparse places each partition at its offset.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const MiB = 1024 * 1024;
const SECTOR = 512;
/** GPT type of an EFI system partition. */
export const ESP_TYPE = 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B';
/** GPT type of an x86-64 root (the Discoverable Partitions Specification's, so tools recognise it). */
export const ROOT_TYPE = '4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709';
/** The ESP's size: a Debian initrd with most modules is ~60 MB; room for a second kernel. */
export const ESP_MIB = 512;
export const ESP_LABEL = 'DOORSTEP';
export const ROOT_LABEL = 'doorstep-root';

/** The tools the disk needs, as [command, Debian package]. */
export const DISK_TOOLS = [
  ['sfdisk', 'fdisk'],
  ['mkfs.vfat', 'dosfstools'],
  ['mcopy', 'mtools'],
  ['mkfs.ext4', 'e2fsprogs'],
];

/** Parses 4G / 3000M into bytes, or undefined. */
export function parseSize(text) {
  const m = /^(\d+)([MG])$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 'G' ? 1024 : 1) * MiB;
}

/**
 * Where each partition goes on a disk of `diskBytes`: 1 MiB alignment, the ESP first, the root up to
 * the last MiB (which holds the backup GPT). Fresh PARTUUIDs unless given (tests pin them).
 */
export function diskLayout(diskBytes, ids = {}) {
  const espStart = MiB;
  const espBytes = ESP_MIB * MiB;
  const rootStart = espStart + espBytes;
  const rootBytes = Math.floor((diskBytes - rootStart - MiB) / MiB) * MiB;
  if (rootBytes < 1024 * MiB)
    return { error: `the disk is too small: ${diskBytes} bytes leave no room for the root` };
  return {
    diskBytes,
    diskId: ids.diskId ?? randomUUID().toUpperCase(),
    esp: {
      start: espStart,
      bytes: espBytes,
      partuuid: ids.esp ?? randomUUID(),
      volumeId: ids.volumeId ?? volumeId(),
    },
    root: { start: rootStart, bytes: rootBytes, partuuid: ids.root ?? randomUUID() },
  };
}

/** A FAT volume id (8 hex digits), which is also the file system's UUID as blkid reports it. */
function volumeId() {
  return randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
}

/** sfdisk's script for the layout (sectors of 512 bytes). */
export function sfdiskScript(layout) {
  const s = (bytes) => bytes / SECTOR;
  return [
    'label: gpt',
    `label-id: ${layout.diskId}`,
    'unit: sectors',
    'first-lba: 2048',
    '',
    `start=${s(layout.esp.start)}, size=${s(layout.esp.bytes)}, type=${ESP_TYPE}, uuid=${layout.esp.partuuid}, name="doorstep-boot"`,
    `start=${s(layout.root.start)}, size=${s(layout.root.bytes)}, type=${ROOT_TYPE}, uuid=${layout.root.partuuid}, name="doorstep-root"`,
    '',
  ].join('\n');
}

/**
 * The kernel command line. root by PARTUUID (a stick written from the same image does not take over);
 * the serial console last, so boot messages go there and not over the kiosk's screen (tty1 is cage's).
 */
export function kernelOptions(layout) {
  return `root=PARTUUID=${layout.root.partuuid} rw quiet loglevel=3 console=tty1 console=ttyS0,115200 panic=10`;
}

/** systemd-boot's loader.conf and the kiosk's entry. `editor no`: nobody at the keyboard edits the command line. */
export function loaderFiles(layout, version) {
  return {
    'loader/loader.conf': 'default doorstep.conf\ntimeout 0\neditor no\nconsole-mode keep\n',
    'loader/entries/doorstep.conf': [
      `title Doorstep kiosk ${version}`,
      'linux /doorstep/vmlinuz',
      'initrd /doorstep/initrd.img',
      `options ${kernelOptions(layout)}`,
      '',
    ].join('\n'),
  };
}

/** The root's /etc/fstab: the root by its PARTUUID, the ESP at /boot/firmware (readable, not executable). */
export function fstab(layout) {
  return [
    '# Written by npm run image (scripts/lib/disk-image.mjs). The ESP holds the boot loader, the kernel',
    '# and provision.json (the first-boot path reads /boot/firmware); nofail: a kiosk still boots without it.',
    '# A long device timeout: under software emulation udev named the ESP after 10 s, and a mount given up on',
    '# is not tried again (the host polls /boot/firmware, so mounting late is fine; nofail: the boot never waits).',
    `PARTUUID=${layout.root.partuuid} / ext4 rw,errors=remount-ro 0 1`,
    `PARTUUID=${layout.esp.partuuid} /boot/firmware vfat fmask=0133,dmask=0022,noexec,nosuid,nodev,nofail,x-systemd.device-timeout=120s 0 2`,
    '',
  ].join('\n');
}

/** Explains the boot partition to whoever opens it on a laptop. */
export const ESP_README = `Doorstep kiosk boot partition (EFI system partition)

EFI/BOOT/BOOTX64.EFI   systemd-boot, the boot loader (UEFI firmware starts it without a boot entry)
loader/                 its configuration: one entry, no menu, no command line editing
doorstep/               the kernel and initrd
provision.json          (optional) first-boot settings; the kiosk enrolls with them once:
  {"central": "https://central.example.gov.cn", "enrollCode": "ABCD-EFGH-JKLM", "caCert": "-----BEGIN ...", "rotation": 90}
  Without it the screen shows "not provisioned": scan the enrollment sheet's QR with the kiosk's scanner.
`;

const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    const why = r.error
      ? r.error.message
      : (r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' / ');
    return { error: `${cmd} ${args.slice(0, 3).join(' ')} … failed: ${why}` };
  }
  return { stdout: r.stdout };
};

/**
 * Builds the disk image at `out` from the root directory `rootDir` and the ESP's files
 * (`espFiles`: path on the ESP → local file or { text }). Progress through `step`. Returns
 * `{ error }` or `{ layout }`. Leaves no half-built image: it works on `out.tmp` and renames at the end.
 */
export function buildDisk({ rootDir, out, diskBytes, layout, espFiles, step = () => {} }) {
  const tmp = `${out}.tmp`;
  const espImg = `${out}.esp.tmp`;
  const rootImg = `${out}.root.tmp`;
  const cleanup = () => [tmp, espImg, rootImg].forEach((f) => rmSync(f, { force: true }));
  cleanup();
  try {
    step(`root file system: mkfs.ext4 -d (${(layout.root.bytes / MiB).toFixed(0)} MiB, sparse) …`);
    let r = run('mkfs.ext4', [
      '-q',
      '-F',
      '-L',
      ROOT_LABEL,
      '-d',
      rootDir,
      rootImg,
      `${layout.root.bytes / 1024}k`,
    ]);
    if (r.error) return { error: `${r.error} (is the disk large enough? the root is about 1.8 GB)` };

    step(`EFI system partition: mkfs.vfat -F 32 (${ESP_MIB} MiB) and mtools …`);
    r = run('mkfs.vfat', [
      '-F',
      '32',
      '-n',
      ESP_LABEL,
      '-i',
      layout.esp.volumeId,
      '-C',
      espImg,
      String(layout.esp.bytes / 1024),
    ]);
    if (r.error) return r;
    const dirs = new Set();
    for (const path of Object.keys(espFiles)) {
      const parts = path.split('/').slice(0, -1);
      for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    }
    const sorted = [...dirs].sort((a, b) => a.split('/').length - b.split('/').length);
    if (sorted.length) {
      r = run('mmd', ['-i', espImg, ...sorted.map((d) => `::/${d}`)]);
      if (r.error) return r;
    }
    for (const [path, source] of Object.entries(espFiles)) {
      let file = source;
      if (typeof source === 'object') {
        file = `${espImg}.file`;
        writeFileSync(file, source.text);
      }
      if (!existsSync(file)) return { error: `no file ${file} for the ESP's ${path}` };
      r = run('mcopy', ['-o', '-i', espImg, file, `::/${path}`]);
      if (typeof source === 'object') rmSync(file, { force: true });
      if (r.error) return r;
    }

    step(`partition table: sfdisk (GPT, disk ${(diskBytes / MiB).toFixed(0)} MiB) …`);
    writeFileSync(tmp, '');
    r = run('truncate', ['-s', String(diskBytes), tmp]);
    if (r.error) return r;
    r = run('sfdisk', ['--quiet', '--no-reread', '--no-tell-kernel', tmp], { input: sfdiskScript(layout) });
    if (r.error) return r;

    for (const [name, img, start] of [
      ['ESP', espImg, layout.esp.start],
      ['root', rootImg, layout.root.start],
    ]) {
      step(`placing the ${name} partition: dd conv=notrunc,sparse at ${start / MiB} MiB …`);
      // bs=1M and seek in MiB: both partitions start on a MiB boundary.
      r = run('dd', [
        `if=${img}`,
        `of=${tmp}`,
        'bs=1M',
        `seek=${start / MiB}`,
        'conv=notrunc,sparse',
        'status=none',
      ]);
      if (r.error) return r;
    }
    renameSync(tmp, out);
    return { layout };
  } finally {
    cleanup();
  }
}

/** What sfdisk reads back from an image file: its partitions' start, size, type, uuid and name. */
export function readPartitions(file) {
  const r = run('sfdisk', ['--json', file]);
  if (r.error) return r;
  return { partitions: JSON.parse(r.stdout).partitiontable.partitions };
}
