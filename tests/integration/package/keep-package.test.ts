import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemEffects } from '../../../main/updater/effects';

// The first update after an install can be rolled back only to a kept package of the installed
// version (issue 14). `doorstep-kiosk keep-package FILE` (run by the image build, or by the technician
// with `provision --package FILE`) keeps it where the updater looks: the updater's own lookup finds
// it. A package of another version or another name is refused, so a rollback never installs the wrong
// thing. Real dpkg-deb packages (tiny ones); the technician command runs as root, so does this test.

const tmp = mkdtempSync(join(tmpdir(), 'doorstep-keep-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function deb(name: string, version: string): string {
  const root = join(tmp, `${name}-${version}`);
  mkdirSync(join(root, 'DEBIAN'), { recursive: true });
  writeFileSync(
    join(root, 'DEBIAN/control'),
    `Package: ${name}\nVersion: ${version}\nArchitecture: all\nMaintainer: test <t@example.org>\nDescription: test\n`,
  );
  const out = join(tmp, `${name}_${version}_all.deb`);
  const r = spawnSync('dpkg-deb', ['--root-owner-group', '--build', root, out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

const cache = join(tmp, 'cache');
const keep = (file: string) =>
  spawnSync('sh', ['packaging/deb/doorstep-kiosk', 'keep-package', file], {
    encoding: 'utf8',
    env: { ...process.env, DOORSTEP_UPDATER_CACHE: cache, DOORSTEP_KIOSK_INSTALLED_VERSION: '1.4.2' },
  });

describe('doorstep-kiosk keep-package', () => {
  it.runIf(process.getuid?.() === 0)(
    'keeps the installed version’s package where the updater finds its rollback target',
    () => {
      const fx = systemEffects(
        { url: 'http://127.0.0.1:9', token: 't' },
        {
          cacheDir: cache,
          hostStateFile: join(tmp, 'host.json'),
          stateFile: join(tmp, 'state.json'),
        },
        () => undefined,
      );
      expect(fx.cachedPackage('1.4.2')).toBeNull();

      const wrongVersion = keep(deb('doorstep-kiosk', '1.4.3'));
      expect(wrongVersion.status).toBe(1);
      expect(wrongVersion.stderr).toContain('the installed one is 1.4.2');
      const wrongName = keep(deb('other-package', '1.4.2'));
      expect(wrongName.status).toBe(1);
      expect(wrongName.stderr).toContain('not a doorstep-kiosk package');
      expect(existsSync(join(cache, 'kept'))).toBe(false);

      const ok = keep(deb('doorstep-kiosk', '1.4.2'));
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('the first update can roll back to 1.4.2');
      const kept = fx.cachedPackage('1.4.2');
      expect(kept).toBe(join(cache, 'kept', 'doorstep-kiosk_1.4.2.deb'));
      // Root's only: the kiosk user can neither read nor swap the rollback target.
      expect(statSync(join(cache, 'kept')).mode & 0o777).toBe(0o700);
      expect(statSync(kept!).mode & 0o777).toBe(0o600);
      expect(readdirSync(join(cache, 'kept'))).toEqual(['doorstep-kiosk_1.4.2.deb']);
    },
  );
});
