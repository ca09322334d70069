import { readFileSync } from 'node:fs';

// USB sticks a technician plugs into the kiosk, to take its logs away: the mount points of removable
// file systems under the automounters' folders (udisks: /media/<user>/<label> or /run/media/<user>/
// <label>; the kiosk image: /media/usb*). Read from /proc/mounts; DOORSTEP_USB_MOUNTS names another
// file in that format and DOORSTEP_USB_ROOTS (colon-separated) other folders sticks mount under (a
// machine whose sticks mount elsewhere, and the tests).

/** File systems a USB stick comes with (FAT, exFAT, NTFS through the kernel or FUSE). */
const STICK_FS = new Set(['vfat', 'exfat', 'ntfs', 'ntfs3', 'fuseblk', 'msdos']);
const STICK_ROOTS = ['/media/', '/run/media/', '/mnt/usb'];

/** /proc/mounts escapes spaces, tabs, newlines and backslashes in octal (\040). */
const unescapeMount = (s: string) =>
  s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Writable removable mounts in a /proc/mounts text, in the order mounted. */
export function stickMounts(mounts: string, roots: readonly string[] = STICK_ROOTS): string[] {
  const out: string[] = [];
  for (const line of mounts.split('\n')) {
    const [, where, fs, options] = line.split(' ');
    if (!where || !fs || !options) continue;
    const path = unescapeMount(where);
    if (!STICK_FS.has(fs) || !roots.some((r) => path.startsWith(r))) continue;
    if (options.split(',').includes('ro')) continue;
    out.push(path);
  }
  return out;
}

/** The USB stick to write to now: the one mounted last; null when none is plugged in. */
export function currentStick(env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    const roots = env.DOORSTEP_USB_ROOTS?.split(':').filter(Boolean);
    const text = readFileSync(env.DOORSTEP_USB_MOUNTS || '/proc/mounts', 'utf8');
    const mounts = stickMounts(text, roots && roots.length > 0 ? roots : STICK_ROOTS);
    return mounts.at(-1) ?? null;
  } catch {
    return null;
  }
}
