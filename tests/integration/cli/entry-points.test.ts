import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Every command-line entry point a technician, an admin or a developer types: `--help` prints its
// usage and exits 0 without doing anything (no build, no image, no test run, no data folder), and an
// option it does not know is one clear line and exit 2 — before anything starts. (`npm run
// test:image --help` used to start building an image.)

const empty = mkdtempSync(join(tmpdir(), 'doorstep-entry-points-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const TSX = ['--import', 'tsx'];
const ENTRY_POINTS: { name: string; cmd: string; args: string[] }[] = [
  ...['build', 'bench', 'chaos', 'image', 'package-deb', 'start', 'test', 'typecheck'].map((s) => ({
    name: `scripts/${s}.mjs`,
    cmd: process.execPath,
    args: [`scripts/${s}.mjs`],
  })),
  { name: 'deps:system', cmd: 'bash', args: ['scripts/ensure-system-deps.sh'] },
  { name: 'test:image', cmd: process.execPath, args: [...TSX, 'tests/image/run.ts'] },
  { name: 'central', cmd: process.execPath, args: [...TSX, 'central/cli.ts'] },
  ...['admin', 'backup', 'restore', 'sweep', 'rotate-key', 'release'].map((sub) => ({
    name: `central ${sub}`,
    cmd: process.execPath,
    args: [...TSX, 'central/cli.ts', sub],
  })),
  { name: 'kiosk host', cmd: process.execPath, args: [...TSX, 'main/host/cli.ts'] },
  { name: 'kiosk:dev', cmd: process.execPath, args: [...TSX, 'main/host/dev/cli.ts'] },
  { name: 'doorstep-updater', cmd: process.execPath, args: [...TSX, 'main/updater/cli.ts'] },
  { name: 'device', cmd: process.execPath, args: [...TSX, 'native/cli.ts'] },
  ...['idcard', 'printer', 'scanner'].map((s) => ({
    name: `sim:${s}`,
    cmd: process.execPath,
    args: [...TSX, `native/sim/${s}-cli.ts`],
  })),
  ...['', 'provision', 'keep-package', 'screenshot', 'status', 'doctor'].map((sub) => ({
    name: `doorstep-kiosk ${sub}`.trim(),
    cmd: 'sh',
    args: ['packaging/deb/doorstep-kiosk', ...(sub ? [sub] : [])],
  })),
];

function exec(cmd: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The technician command reads and writes only these (never the machine's /var/lib here).
      env: { ...process.env, DOORSTEP_KIOSK_DATA: empty, DOORSTEP_UPDATER_CACHE: empty },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** What a run with side effects would leave: the build, package and image outputs, data folders. */
function footprint(): string {
  const list = (d: string) => (existsSync(d) ? readdirSync(d).sort().join(',') : '-');
  return ['dist', 'dist/packages', 'dist/images', '.data', 'bench-results', empty].map(list).join(' | ');
}

// Each entry point is its own test (a Node start-up or two each; vitest runs up to 5 at once), so a
// slow machine makes the file longer, never one test time out.
const before = footprint();
afterAll(() => {
  // Nothing was built, packaged, imaged or created by any of them.
  expect(footprint()).toBe(before);
});

describe.concurrent('every entry point', () => {
  for (const e of ENTRY_POINTS) {
    it(`${e.name}: --help prints its usage; an unknown option is exit 2, naming it`, async () => {
      const help = await exec(e.cmd, [...e.args, '--help']);
      expect(help.code, `${help.out}${help.err}`).toBe(0);
      expect(help.out).toMatch(/usage|doorstep/i);
      const bad = await exec(e.cmd, [...e.args, '--no-such-option']);
      const said = `${bad.out}${bad.err}`;
      expect(bad.code, said).toBe(2);
      expect(said).toContain('--no-such-option');
      expect(said, 'no stack trace').not.toMatch(/\n\s+at /);
    }, 300_000);
  }
});
