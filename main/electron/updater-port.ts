import type { AppUpdater } from 'electron-updater';
import type { OfferedUpdate, ShellUpdater } from './updates';

// electron-updater's AppUpdater as the decisions in updates.ts see it. No `electron` import: the
// same adapter drives the real electron-updater in plain Node in the tests (an AppUpdater made with
// an app adapter and a Node HTTP executor), and the Electron one in updater-glue.ts.

/**
 * Sets the semantics we chose (docs/electron-shell.md, "Updates"): nothing downloads on its own
 * (autoDownload off: the window, the resident and the signature are checked first), nothing installs
 * on quit (autoInstallOnAppQuit off: a crash, a technician's restart or a shutdown never installs
 * behind the rules' back), no downgrade, and the install is `quitAndInstall(silent, no relaunch)` at
 * the moment the rules allow — the supervisor starts the shell again, as after exit 75.
 */
export function shellUpdaterOf(u: AppUpdater): ShellUpdater {
  u.autoDownload = false;
  u.autoInstallOnAppQuit = false;
  u.autoRunAppAfterInstall = false;
  u.allowDowngrade = false;
  u.allowPrerelease = false;
  return {
    async check(headers) {
      u.requestHeaders = headers;
      const r = await u.checkForUpdates();
      // null: electron-updater is inactive (an unpackaged run); nothing is offered.
      if (!r) throw new Error('electron-updater is inactive (not a packaged build)');
      return { info: r.updateInfo as unknown as OfferedUpdate, available: r.isUpdateAvailable };
    },
    async download(headers) {
      // Read at download time (AppUpdater.computeRequestHeaders): no token to another host.
      u.requestHeaders = headers;
      await u.downloadUpdate();
    },
    install() {
      // quitAndInstall reports a failed install (dpkg refused, no root) as an `error` event and
      // stays running; made a throw here so the round reports `failed`.
      let failure: Error | null = null;
      const onError = (err: Error) => {
        failure = err;
      };
      u.on('error', onError);
      try {
        u.quitAndInstall(true, false);
      } finally {
        u.off('error', onError);
      }
      if (failure) throw failure;
    },
  };
}
