import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Screenshots of the kiosk screen for the remote command "screenshot" (issue 14). The browser shell's
// screen is cage (a wlroots compositor) running Chromium in the display session; the host cannot see
// Chromium's window, but cage offers wlroots' screencopy protocol, which grim speaks. The display
// session runs as the host's own user, so its Wayland socket (in the session's runtime folder,
// /run/user/<uid>, made by pam_systemd) is the host's to connect to; the host unit keeps /run/user
// readable (ProtectHome=read-only) for that. The runner (services/commands.ts) refuses while a
// resident session is active and central audits each command; this only takes the picture.

/** The PNG result must fit the command result (contract/commands.ts: 4 MiB of base64). */
export const MAX_PNG_BYTES = 3 * 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface WaylandDisplay {
  runtimeDir: string;
  /** The socket's name in runtimeDir, e.g. wayland-0. */
  display: string;
}

/** The first compositor socket (wayland-N) in the given runtime folders, or undefined. */
export function findWaylandDisplay(runtimeDirs: readonly string[]): WaylandDisplay | undefined {
  for (const dir of runtimeDirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    const display = names
      .filter((n) => /^wayland-\d+$/.test(n))
      .sort()
      .find((n) => {
        try {
          return statSync(join(dir, n)).isSocket();
        } catch {
          return false;
        }
      });
    if (display) return { runtimeDir: dir, display };
  }
  return undefined;
}

/**
 * grim's command line: PNG on stdout, the given scale (1 = the screen's pixels), in the compositor's
 * environment only (nothing else of the host's environment goes to it).
 */
export function grimCommand(
  target: WaylandDisplay,
  scale = 1,
  grim = '/usr/bin/grim',
): { file: string; args: string[]; env: Record<string, string> } {
  return {
    file: grim,
    args: ['-t', 'png', ...(scale !== 1 ? ['-s', String(scale)] : []), '-'],
    env: { XDG_RUNTIME_DIR: target.runtimeDir, WAYLAND_DISPLAY: target.display, PATH: '/usr/bin:/bin' },
  };
}

/** Runs grim once: the PNG, or an error saying why (no throw). Bounded by `timeoutMs`. */
export function runGrim(
  cmd: { file: string; args: string[]; env: Record<string, string> },
  timeoutMs = 20_000,
): Promise<{ png: Buffer } | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd.file, cmd.args, { env: cmd.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let tooBig = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      size += d.length;
      // Far past what a result can carry: stop reading (a scaled retry follows).
      if (size > 4 * MAX_PNG_BYTES) {
        tooBig = true;
        child.kill('SIGKILL');
        return;
      }
      chunks.push(d);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString().slice(0, 2000)));
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ error: `grim could not start: ${err.message}` });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const png = Buffer.concat(chunks);
      if (tooBig) resolve({ png: Buffer.alloc(4 * MAX_PNG_BYTES + 1) });
      else if (code === 0 && png.subarray(0, 8).equals(PNG_SIGNATURE)) resolve({ png });
      else if (signal) resolve({ error: `grim did not finish within ${timeoutMs / 1000} s` });
      else
        resolve({ error: `grim failed (exit ${code}): ${stderr.trim().split('\n').slice(-2).join(' / ')}` });
    });
  });
}

export interface ScreenshotOptions {
  /** Where to look for the compositor's socket (default: $XDG_RUNTIME_DIR, /run/user/<uid>). */
  runtimeDirs?: readonly string[];
  grim?: string;
  timeoutMs?: number;
}

/**
 * The host's screenshot effect for the browser shell: null without grim ("this shell cannot take
 * screenshots"), an error when no display session runs, the PNG when grim
 * gives one, scaled down until it fits a command result; a grim failure is thrown with its reason
 * (the runner reports it as the command's failure).
 */
export function waylandScreenshot(opts: ScreenshotOptions = {}): () => Promise<Buffer | null> {
  const grim = opts.grim ?? '/usr/bin/grim';
  const dirs =
    opts.runtimeDirs ??
    [process.env.XDG_RUNTIME_DIR, process.getuid ? `/run/user/${process.getuid()}` : undefined].filter(
      (d): d is string => !!d,
    );
  return async () => {
    if (!existsSync(grim)) return null;
    const target = findWaylandDisplay(dirs);
    if (!target) throw new Error(`no display session to capture (no Wayland socket in ${dirs.join(', ')})`);
    for (const scale of [1, 0.5, 0.25]) {
      const r = await runGrim(grimCommand(target, scale, grim), opts.timeoutMs);
      if ('error' in r) throw new Error(r.error);
      if (r.png.length <= MAX_PNG_BYTES) return r.png;
    }
    throw new Error('the screenshot is too large for a command result even at a quarter of its size');
  };
}
