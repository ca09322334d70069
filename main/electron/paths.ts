import { join, resolve } from 'node:path';

// Where the packaged shell finds its parts. electron-builder packs `dist/main/**` and `dist/renderer/**`
// into app.asar keeping their layout (electron-builder.yml `files`), so from the bundled main
// (dist/main/electron/main.cjs) the screens are two folders up, not one: `../renderer` pointed at
// dist/main/renderer, which no build writes (tests/integration/electron-package.test.ts packs the asar
// and proves the real layout).

export interface ShellPaths {
  /** The built front ends served under doorstep://kiosk/. */
  rendererDir: string;
  /** The sandboxed preload, bundled next to main.cjs. */
  preload: string;
  /** The page the kiosk window loads; its absence means a damaged install. */
  kioskPage: string;
  /**
   * The district's update key, pinned in the package: electron-builder's `extraResources` puts it in
   * resources/, beside app.asar (four folders up from resources/app.asar/dist/main/electron).
   */
  updateKey: string;
}

export function shellPaths(mainDir: string): ShellPaths {
  const rendererDir = resolve(mainDir, '..', '..', 'renderer');
  return {
    rendererDir,
    preload: join(mainDir, 'preload.cjs'),
    kioskPage: join(rendererDir, 'kiosk', 'index.html'),
    updateKey: resolve(mainDir, '..', '..', '..', '..', 'update-key.pub'),
  };
}

/**
 * Exit status asking the service manager to start the shell again (a technician's restart). 75 is
 * EX_TEMPFAIL (sysexits.h); the systemd unit restarts on it (`Restart=always`, or
 * `RestartForceExitStatus=75`), so the restart does not depend on `app.relaunch()`, which under a kiosk
 * session manager (cage) would start a second, unmanaged process.
 */
export const RESTART_EXIT_CODE = 75;
