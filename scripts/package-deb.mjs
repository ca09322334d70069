#!/usr/bin/env node
// npm run package:deb — the browser-shell kiosk as a Debian package, built here with dpkg-deb:
// dist/packages/doorstep-kiosk_<version>_amd64.deb (docs/deployment.md). It carries its own Node 20
// (Debian 12's nodejs is 18), the host bundled into one file with its native modules beside it, the
// kiosk screens, Chromium's managed policies, udev rules, systemd units and the technician command.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const HELP = `Usage: npm run package:deb [-- --out DIR]
Builds dist/packages/doorstep-kiosk_<version>_amd64.deb with dpkg-deb (runs npm run build first when the
front ends are not built). Needs dpkg-deb (Debian's dpkg). Options:
  --out DIR   where the .deb goes (default dist/packages)
  --help      show this help`;
let cli;
try {
  cli = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (err) {
  console.error(`package:deb: ${err.message}\n\n${HELP}`);
  process.exit(2);
}
if (cli.help) {
  console.log(HELP);
  process.exit(0);
}
const outDir = resolve(cli.out ?? 'dist/packages');
const root = resolve('.');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const version = pkg.version;
const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
if (!arch) throw new Error(`no Debian architecture for ${process.arch}`);
if (spawnSync('dpkg-deb', ['--version']).status !== 0) {
  console.error('package:deb: dpkg-deb is missing: apt-get install dpkg (Debian) — it builds the package');
  process.exit(1);
}
const started = Date.now();
const step = (m) => console.log(`package:deb: ${m}`);

if (!existsSync('dist/renderer/kiosk/index.html')) {
  step('front ends not built; running npm run build …');
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

const stage = join(outDir, `stage-${arch}`);
rmSync(stage, { recursive: true, force: true });
const lib = join(stage, 'usr/lib/doorstep-kiosk');
const put = (rel, mode = 0o644) => {
  const p = join(stage, rel);
  mkdirSync(dirname(p), { recursive: true });
  return { p, done: () => chmodSync(p, mode) };
};
const copy = (from, rel, mode = 0o644) => {
  const { p, done } = put(rel, mode);
  copyFileSync(from, p);
  done();
};

// 1. The host in one file; native modules stay packages (their .node files are found by path).
const NATIVE = ['better-sqlite3', '@serialport/bindings-cpp', '@napi-rs/canvas'];
step('bundling the kiosk host …');
await build({
  entryPoints: ['main/host/cli.ts'],
  outfile: join(lib, 'host/cli.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: NATIVE,
  banner: {
    js: "import { createRequire as __doorstepRequire } from 'node:module'; const require = __doorstepRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// The root-side updater (issue 14), bundled the same way; it reads the host's store with better-sqlite3.
step('bundling the updater …');
await build({
  entryPoints: ['main/updater/cli.ts'],
  outfile: join(lib, 'host/updater.mjs'), // beside host/node_modules (better-sqlite3)
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: NATIVE,
  banner: {
    js: "import { createRequire as __doorstepRequire } from 'node:module'; const require = __doorstepRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// 2. The native modules and what they load at run time (not their build-time helpers).
const BUILD_ONLY = new Set(['prebuild-install', 'node-addon-api', 'node-gyp']);
const copied = new Set();
function copyModule(name, from) {
  let dir = null;
  for (let d = from; ; d = dirname(d)) {
    const c = join(d, 'node_modules', name);
    if (existsSync(join(c, 'package.json'))) {
      dir = c;
      break;
    }
    if (d === root || d === dirname(d)) break;
  }
  if (!dir) return; // an optional dependency for another platform
  if (copied.has(dir)) return;
  copied.add(dir);
  cpSync(dir, join(lib, 'host', dir.slice(root.length + 1)), {
    recursive: true,
    // C/C++ sources of the addons (already compiled) stay behind; a JavaScript `src` (debug's) is kept.
    filter: (src) => {
      const rel = src.slice(dir.length);
      const cSources =
        (name === 'better-sqlite3' || name === '@serialport/bindings-cpp') && /^\/(src|deps)$/.test(rel);
      return !cSources && !/\/(test|\.github)$/.test(rel) && !src.endsWith('.md');
    },
  });
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys({ ...meta.dependencies, ...meta.optionalDependencies })) {
    if (!BUILD_ONLY.has(dep)) copyModule(dep, dir);
  }
}
step('copying native modules …');
for (const m of NATIVE) copyModule(m, root);
// Only what runs here: this platform's prebuilt binaries, no build intermediates, test addons or CLIs.
const hostDir = join(lib, 'host/node_modules');
const prune = (d) => {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    const rel = p.slice(hostDir.length);
    const st = statSync(p);
    const foreignPrebuild = /\/prebuilds\/[^/]+$/.test(rel) && name !== `linux-${process.arch}`;
    if (
      foreignPrebuild ||
      name === 'obj.target' ||
      name === '.deps' ||
      name === 'test_extension.node' ||
      name === '.npmignore' ||
      /musl\.node$/.test(name) ||
      (rel.includes('/node-gyp-build/') && ['bin.js', 'build-test.js', 'optional.js'].includes(name))
    ) {
      rmSync(p, { recursive: true, force: true });
    } else if (st.isDirectory()) prune(p);
    else if (name.endsWith('.node')) {
      spawnSync('strip', ['--strip-unneeded', p]);
      chmodSync(p, 0o644);
    }
  }
};
prune(hostDir);

// 3. Node 20 (the build machine's, x64 here; arm64 needs an arm64 build machine).
step(`bundling Node ${process.version} …`);
copy(process.execPath, 'usr/lib/doorstep-kiosk/bin/node', 0o755);
spawnSync('strip', ['--strip-unneeded', join(lib, 'bin/node')]);

// 4. The kiosk screens only.
step('copying the kiosk screens …');
cpSync('dist/renderer/kiosk', join(lib, 'renderer/kiosk'), {
  recursive: true,
  filter: (s) => !s.endsWith('.map'),
});
cpSync('dist/renderer/assets', join(lib, 'renderer/assets'), {
  recursive: true,
  filter: (s) => !s.endsWith('.map'),
});

// 5. System integration.
const D = 'packaging/deb';
copy(`${D}/display-session`, 'usr/lib/doorstep-kiosk/bin/display-session', 0o755);
copy(`${D}/doorstep-kiosk`, 'usr/bin/doorstep-kiosk', 0o755);
copy(`${D}/doorstep-kiosk-host.service`, 'lib/systemd/system/doorstep-kiosk-host.service');
copy(`${D}/doorstep-kiosk-display.service`, 'lib/systemd/system/doorstep-kiosk-display.service');
for (const u of [
  'doorstep-kiosk-updater.service',
  'doorstep-kiosk-updater.timer',
  'doorstep-kiosk-display-restart.path',
  'doorstep-kiosk-display-restart.service',
])
  copy(`${D}/${u}`, `lib/systemd/system/${u}`);
// The district's update key, pinned: the updater trusts this file only. DOORSTEP_UPDATE_PUBLIC_KEY
// names the PEM file at build time; without it the package refuses every update (and says so).
if (process.env.DOORSTEP_UPDATE_PUBLIC_KEY) {
  copy(process.env.DOORSTEP_UPDATE_PUBLIC_KEY, 'usr/share/doorstep-kiosk/update-key.pub');
} else {
  step('no DOORSTEP_UPDATE_PUBLIC_KEY: this package will refuse all updates');
}
copy(`${D}/60-doorstep-kiosk.rules`, 'lib/udev/rules.d/60-doorstep-kiosk.rules');
// First boot: USB sticks mounted read-only for provision.json until the kiosk is enrolled.
copy(`${D}/provision-media`, 'usr/lib/doorstep-kiosk/bin/provision-media', 0o755);
copy(`${D}/doorstep-kiosk-media@.service`, 'lib/systemd/system/doorstep-kiosk-media@.service');
copy(`${D}/pam-doorstep-kiosk`, 'etc/pam.d/doorstep-kiosk');
const policy = put('etc/chromium/policies/managed/doorstep-kiosk.json');
execFileSync(
  join(lib, 'bin/node'),
  [join(lib, 'host/cli.mjs'), '--port', '8081', '--chromium-policy', policy.p],
  { stdio: 'ignore' },
);
policy.done();
const doc = 'usr/share/doc/doorstep-kiosk';
const readme = put(`${doc}/README.md`);
writeFileSync(
  readme.p,
  `Doorstep kiosk (browser shell) ${version}\n\nRun \`doorstep-kiosk --help\`. Set-up, updates and replacement: docs/deployment.md in the Doorstep repository.\n`,
);
readme.done();
const copyright = put(`${doc}/copyright`);
writeFileSync(
  copyright.p,
  `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: doorstep\n\nFiles: *\nCopyright: 2026 Doorstep contributors\nLicense: UNLICENSED\n Copyright 2026 Doorstep contributors. All rights reserved.\n .\n The bundled Node.js runtime is Copyright Node.js contributors, MIT licence\n (https://github.com/nodejs/node/blob/main/LICENSE).\n`,
);
copyright.done();
const changelog = put(`${doc}/changelog.gz`);
writeFileSync(
  changelog.p,
  gzipSync(
    `doorstep-kiosk (${version}) stable; urgency=medium\n\n  * Release ${version}.\n\n -- Doorstep contributors <kiosk@doorstep.invalid>  ${new Date().toUTCString().replace('GMT', '+0000')}\n`,
    { level: 9 },
  ),
);
changelog.done();

const man = put('usr/share/man/man1/doorstep-kiosk.1.gz');
writeFileSync(
  man.p,
  gzipSync(
    `.TH DOORSTEP-KIOSK 1 "" "doorstep-kiosk ${version}" "Doorstep"\n.SH NAME\ndoorstep-kiosk \\- technician commands of a Doorstep kiosk\n.SH SYNOPSIS\n.B doorstep-kiosk\n.RB provision | status | doctor | \\-\\-help\n.SH DESCRIPTION\n.B provision\nenrolls the kiosk with central using the code of the enrollment sheet;\n.B status\nshows whether the host and display run;\n.B doctor\nchecks devices, central, the clock and the disk.\n`,
    { level: 9 },
  ),
);
man.done();
// Each override says why the rule does not fit a kiosk that carries its own runtime.
const overrides = put('usr/share/lintian/overrides/doorstep-kiosk');
writeFileSync(
  overrides.p,
  [
    '# Debian 12 has Node 18; the host needs Node 20, so the upstream Node binary is bundled as built (its zlib is statically linked, not PIE).',
    'doorstep-kiosk: embedded-library zlib [usr/lib/doorstep-kiosk/bin/node]',
    'doorstep-kiosk: hardening-no-pie [usr/lib/doorstep-kiosk/bin/node]',
    '# @napi-rs/canvas ships Skia statically linked with its own image and font libraries (ticket images).',
    'doorstep-kiosk: embedded-library * [usr/lib/doorstep-kiosk/host/node_modules/@napi-rs/canvas-linux-x64-gnu/skia.linux-x64-gnu.node]',
    '',
  ].join('\n'),
);
overrides.done();

// 6. Control files.
const du = (d) =>
  readdirSync(d).reduce((n, f) => {
    const p = join(d, f);
    const s = statSync(p);
    return n + (s.isDirectory() ? du(p) : s.size);
  }, 0);
const deb = join(stage, 'DEBIAN');
mkdirSync(deb, { recursive: true });
writeFileSync(
  join(deb, 'control'),
  `Package: doorstep-kiosk
Version: ${version}
Architecture: ${arch}
Maintainer: Doorstep contributors <kiosk@doorstep.invalid>
Installed-Size: ${Math.ceil(du(stage) / 1024)}
Depends: adduser, systemd, udev, libc6 (>= 2.28), libstdc++6, cage, seatd, xwayland, chromium, fonts-noto-cjk
Recommends: grim
Section: misc
Priority: optional
Homepage: https://doorstep.invalid/
Description: Doorstep community service kiosk (家门口自助终端)
 The kiosk host (ID card reader, ticket printer, scanner, local store and the
 link to the Doorstep central service) and its screen: Chromium in kiosk mode
 under cage. Includes its own Node.js 20 runtime.
`,
);
writeFileSync(
  join(deb, 'conffiles'),
  '/etc/chromium/policies/managed/doorstep-kiosk.json\n/etc/pam.d/doorstep-kiosk\n',
);
for (const s of ['postinst', 'prerm', 'postrm']) copy(`${D}/${s}`, `DEBIAN/${s}`, 0o755);

mkdirSync(outDir, { recursive: true });
const out = join(outDir, `doorstep-kiosk_${version}_${arch}.deb`);
step('dpkg-deb --build …');
execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', stage, out], {
  stdio: 'inherit',
});
rmSync(stage, { recursive: true, force: true });
step(
  `${out} (${(statSync(out).size / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
