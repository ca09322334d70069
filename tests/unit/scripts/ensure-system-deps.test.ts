import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The system-dependency check must stop with a message naming what is missing (and never hang) when
// it cannot install. Simulated by a PATH that lacks socat (or Firefox ESR), with installation turned off.

function pathWithout(missing: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-path-'));
  const tools = [
    'bash',
    'fc-list',
    'grep',
    'id',
    'ls',
    'chromium',
    'firefox-esr',
    'socat',
    'turnserver',
    'initdb',
    'sfdisk',
    'mkfs.vfat',
    'mcopy',
  ];
  for (const tool of tools) {
    if (missing.includes(tool)) continue;
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found) symlinkSync(found, join(dir, tool));
  }
  return dir;
}

describe('scripts/ensure-system-deps.sh', () => {
  it('passes when everything is present', () => {
    const r = spawnSync('bash', ['scripts/ensure-system-deps.sh'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toContain('all present');
    expect(r.status).toBe(0);
  });

  it('names a missing socat and how to install it, exiting 1 without hanging', () => {
    const dir = pathWithout(['socat']);
    try {
      const r = spawnSync('/bin/bash', ['scripts/ensure-system-deps.sh'], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: dir, DOORSTEP_DEPS_NO_INSTALL: '1' },
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('missing: socat');
      expect(r.stdout).toMatch(/apt-get install -y socat/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a missing Firefox ESR (for the console browser test) and how to install it', () => {
    const dir = pathWithout(['firefox-esr']);
    try {
      const r = spawnSync('/bin/bash', ['scripts/ensure-system-deps.sh'], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: dir, DOORSTEP_DEPS_NO_INSTALL: '1', DOORSTEP_FIREFOX: join(dir, 'no-firefox-here') },
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('missing: firefox-esr');
      expect(r.stdout).toMatch(/apt-get install -y firefox-esr/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
