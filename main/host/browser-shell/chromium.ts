import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

// Opens Debian's Chromium as the kiosk window (`--kiosk --app=URL`): no address bar, full screen, its
// own profile folder so nothing of a desktop profile leaks in. DOORSTEP_CHROMIUM overrides the path.

export const CHROMIUM =
  process.env.DOORSTEP_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : 'chromium');

export function chromiumArgs(url: string, profileDir: string): string[] {
  return [
    '--kiosk',
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-translate',
    '--disable-features=Translate,TabHoverCardImages',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--autoplay-policy=no-user-gesture-required',
  ];
}

export function openKioskWindow(
  url: string,
  profileDir: string,
  onExit: (code: number | null) => void,
): ChildProcess {
  mkdirSync(profileDir, { recursive: true });
  const child = spawn(CHROMIUM, chromiumArgs(url, profileDir), { stdio: 'ignore' });
  child.once('error', () => onExit(null));
  child.once('exit', (code) => onExit(code));
  return child;
}
