import { join } from 'node:path';
import { build } from 'esbuild';

// Central and the kiosk host run in child processes as plain JavaScript, bundled once per test
// process (esbuild, packages left as imports): through tsx a start took 7-11 s on a loaded machine,
// a bundle starts in about one. The bundle lives in the worktree's .tmp so its imports resolve from
// node_modules.

const bundles = new Map<string, Promise<string>>();

/** The bundle of `entry` (a file of this folder), built on first use; `name` prefixes its file. */
export function bundleOnce(entry: string, name: string): Promise<string> {
  let out = bundles.get(entry);
  if (!out) {
    out = (async () => {
      const file = join(import.meta.dirname, '../../../.tmp/faults', `${name}-${process.pid}.mjs`);
      await build({
        entryPoints: [join(import.meta.dirname, entry)],
        outfile: file,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        logLevel: 'error',
      });
      return file;
    })();
    bundles.set(entry, out);
  }
  return out;
}
