import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the build scripts, without types
import * as disk from '../../../scripts/lib/disk-image.mjs';

// The disk image a technician writes to a mini-PC (npm run image): built here from a small root and
// stand-in boot files with the same code, then read back with the tools a technician or a firmware
// would use: sfdisk sees a GPT with an EFI system partition and the root, blkid finds a FAT32 ESP and
// an ext4 root at their offsets, and mtools reads the boot loader, its entry (root by PARTUUID) and
// provision.json from the ESP. The real image boots under UEFI firmware in npm run test:image -- --disk.

interface Layout {
  diskBytes: number;
  esp: { start: number; bytes: number; partuuid: string; volumeId: string };
  root: { start: number; bytes: number; partuuid: string };
}
const d = disk as {
  parseSize(t: string): number | undefined;
  diskLayout(bytes: number, ids?: Record<string, string>): Layout & { error?: string };
  loaderFiles(l: Layout, version: string): Record<string, string>;
  fstab(l: Layout): string;
  buildDisk(o: object): { error?: string; layout?: Layout };
  readPartitions(f: string): {
    error?: string;
    partitions: { start: number; size: number; type: string; uuid: string; name: string }[];
  };
  ESP_TYPE: string;
  ROOT_TYPE: string;
};

const MiB = 1024 * 1024;
let dir: string;
let img: string;
let layout: Layout;
const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
const esp = () => `${img}@@${layout.esp.start}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'doorstep-disk-'));
  const root = join(dir, 'root');
  mkdirSync(join(root, 'etc'), { recursive: true });
  mkdirSync(join(root, 'boot/firmware'), { recursive: true });
  writeFileSync(join(root, 'etc/hostname'), 'doorstep-kiosk\n');
  const files = join(dir, 'files');
  mkdirSync(files);
  for (const f of ['bootx64.efi', 'vmlinuz', 'initrd.img']) writeFileSync(join(files, f), `stand-in ${f}\n`);
  writeFileSync(
    join(files, 'provision.json'),
    JSON.stringify({ central: 'https://central.example', enrollCode: 'ABCD-EFGH-JKLM' }),
  );
  const size = d.parseSize('1600M')!;
  const planned = d.diskLayout(size);
  expect(planned.error).toBeUndefined();
  layout = planned;
  writeFileSync(join(root, 'etc/fstab'), d.fstab(layout));
  const loader = d.loaderFiles(layout, '9.9.9');
  img = join(dir, 'doorstep-kiosk-9.9.9-amd64.img');
  const built = d.buildDisk({
    rootDir: root,
    out: img,
    diskBytes: size,
    layout,
    espFiles: {
      'EFI/BOOT/BOOTX64.EFI': join(files, 'bootx64.efi'),
      'loader/loader.conf': { text: loader['loader/loader.conf'] },
      'loader/entries/doorstep.conf': { text: loader['loader/entries/doorstep.conf'] },
      'doorstep/vmlinuz': join(files, 'vmlinuz'),
      'doorstep/initrd.img': join(files, 'initrd.img'),
      'provision.json': join(files, 'provision.json'),
    },
  });
  expect(built.error).toBeUndefined();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the kiosk disk image (GPT, ESP + root, built without loop devices)', () => {
  it('is a GPT disk of the asked size with an EFI system partition and an x86-64 root, 1 MiB aligned', () => {
    expect(statSync(img).size).toBe(1600 * MiB);
    const { partitions, error } = d.readPartitions(img);
    expect(error).toBeUndefined();
    expect(partitions).toHaveLength(2);
    const [p1, p2] = partitions;
    expect(p1).toMatchObject({
      start: 2048,
      size: (512 * MiB) / 512,
      type: d.ESP_TYPE,
      name: 'doorstep-boot',
    });
    expect(p1!.uuid.toLowerCase()).toBe(layout.esp.partuuid);
    expect(p2).toMatchObject({ start: (513 * MiB) / 512, type: d.ROOT_TYPE, name: 'doorstep-root' });
    expect(p2!.uuid.toLowerCase()).toBe(layout.root.partuuid);
    // The root ends before the last MiB, where the backup GPT lives.
    expect((p2!.start + p2!.size) * 512).toBeLessThanOrEqual(1599 * MiB);
  });

  it('holds a FAT32 ESP labelled DOORSTEP and an ext4 root labelled doorstep-root at those offsets', () => {
    const espId = sh('blkid', ['-p', '-O', String(layout.esp.start), '-o', 'export', img]).stdout;
    expect(espId).toMatch(/TYPE=vfat/);
    expect(espId).toMatch(/LABEL=DOORSTEP/);
    expect(espId).toMatch(/VERSION=FAT32/);
    const rootId = sh('blkid', ['-p', '-O', String(layout.root.start), '-o', 'export', img]).stdout;
    expect(rootId).toMatch(/TYPE=ext4/);
    expect(rootId).toMatch(/LABEL=doorstep-root/);
  });

  it('boots the kiosk entry through the removable-media path, with the root by PARTUUID and no editor', () => {
    expect(sh('mtype', ['-i', esp(), '::/EFI/BOOT/BOOTX64.EFI']).stdout).toBe('stand-in bootx64.efi\n');
    const loaderConf = sh('mtype', ['-i', esp(), '::/loader/loader.conf']).stdout;
    expect(loaderConf).toMatch(/^default doorstep\.conf$/m);
    expect(loaderConf).toMatch(/^editor no$/m);
    const entry = sh('mtype', ['-i', esp(), '::/loader/entries/doorstep.conf']).stdout;
    expect(entry).toContain('linux /doorstep/vmlinuz');
    expect(entry).toContain('initrd /doorstep/initrd.img');
    expect(entry).toContain(`root=PARTUUID=${layout.root.partuuid}`);
    expect(sh('mtype', ['-i', esp(), '::/doorstep/initrd.img']).stdout).toBe('stand-in initrd.img\n');
  });

  it('carries provision.json on the ESP, which the kiosk mounts at /boot/firmware where first boot looks', () => {
    const text = sh('mtype', ['-i', esp(), '::/provision.json']).stdout;
    expect(JSON.parse(text)).toMatchObject({ enrollCode: 'ABCD-EFGH-JKLM' });
    const tab = d.fstab(layout);
    expect(tab).toContain(`PARTUUID=${layout.esp.partuuid} /boot/firmware vfat`);
    expect(tab).toMatch(/\/boot\/firmware vfat \S*nofail/);
    expect(tab).toContain(`PARTUUID=${layout.root.partuuid} / ext4`);
  });

  it('refuses a disk too small for the root instead of building a broken image', () => {
    expect(d.diskLayout(d.parseSize('1000M')!).error).toMatch(/too small/);
    expect(d.parseSize('4T')).toBeUndefined();
  });
});
