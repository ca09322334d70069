import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './run';

// `npm run bench`: help, listing, usage errors, and one real (cheap) benchmark picked by its name —
// the PTY round trip, a couple of seconds. The heavy ones (central, video, kiosk) never run here.

const out = mkdtempSync(join(tmpdir(), 'doorstep-bench-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const bench = (...args: string[]) => run(['scripts/bench.mjs', ...args]);

describe('npm run bench', () => {
  it('--help explains the filter, --list and --out', async () => {
    const r = await bench('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: npm run bench/);
    for (const word of ['<filter>', '--list', '--out DIR', 'pty-roundtrip']) expect(r.out).toContain(word);
  });

  it('--list names every benchmark (or those matching a filter) and runs none', async () => {
    const all = await bench('--list', '--out', out);
    expect(all.code).toBe(0);
    const names = all.out.trim().split('\n');
    expect(names).toEqual(expect.arrayContaining(['central', 'pty-roundtrip', 'idcard', 'printer', 'video']));
    expect(all.out).not.toContain('machine:');
    expect((await bench('--list', 'pty')).out).toBe('pty-roundtrip\n');
    expect(readdirSync(out)).toEqual([]);
  });

  it('a filter that matches nothing, two filters or an unknown option is a usage error (exit 2)', async () => {
    const none = await bench('no-such-bench');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no benchmark matches "no-such-bench"; there are: (.+, )?central,/);
    const two = await bench('pty', 'idcard');
    expect(two.code).toBe(2);
    const flag = await bench('--lsit');
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("Unknown option '--lsit'");
    expect(flag.err).toContain('Usage: npm run bench');
  });

  it('runs only the benchmark named, prints its figures with the machine and writes them to --out', async () => {
    const r = await bench('--out', out, 'pty-roundtrip');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^machine: .+, \d+ cores, \d+ GiB, Node v\d+/);
    expect(r.out.match(/^--- /gm)).toEqual(['--- ']);
    expect(r.out).toContain('--- pty-roundtrip.bench.ts');
    expect(r.out).toMatch(/^pty round trip 1295 B p50: [\d.]+ ms {3}\[.+ cores\]$/m);
    const files = readdirSync(out);
    expect(files).toHaveLength(1);
    expect(r.out).toContain(`written to ${join(out, files[0]!)}`);
    const saved = JSON.parse(readFileSync(join(out, files[0]!), 'utf8')) as {
      machine: { cores: number };
      figures: Array<{ bench: string; name: string; value: number; unit: string }>;
    };
    expect(saved.machine.cores).toBeGreaterThan(0);
    expect(saved.figures.map((f) => f.bench)).toEqual(Array(3).fill('pty-roundtrip.bench.ts'));
    const p50 = saved.figures.find((f) => f.name === 'pty round trip 1295 B p50')!;
    expect(p50.unit).toBe('ms');
    expect(p50.value).toBeGreaterThan(0);
    expect(p50.value).toBeLessThan(1000);
  });
});
