import { describe, expect, it } from 'vitest';
import { stickMounts } from '../../../main/host/services/usb';

describe('USB sticks among the mounts', () => {
  it('finds writable FAT, exFAT and NTFS sticks under the automount folders, nothing else', () => {
    const mounts = [
      'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0',
      '/dev/vda1 / ext4 rw,relatime 0 0',
      '/dev/sda1 /media/doorstep/KINGSTON vfat rw,nosuid,nodev,relatime,uid=1000 0 0',
      '/dev/sdb1 /run/media/tech/My\\040Stick exfat rw,nosuid,nodev,relatime 0 0',
      '/dev/sdc1 /media/doorstep/READONLY vfat ro,nosuid,nodev 0 0',
      '/dev/sdd1 /media/doorstep/BACKUP ext4 rw,relatime 0 0',
      '/dev/sde1 /boot/efi vfat rw,relatime 0 0',
      '/dev/sdf1 /mnt/usb0 ntfs3 rw,relatime 0 0',
      '',
    ].join('\n');
    expect(stickMounts(mounts)).toEqual([
      '/media/doorstep/KINGSTON',
      '/run/media/tech/My Stick',
      '/mnt/usb0',
    ]);
  });
});
