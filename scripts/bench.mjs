#!/usr/bin/env node
// npm run bench: runs every benchmark in bench/ (each a TypeScript file run with tsx in its own
// process), prints each figure with the machine's CPU model and core count, and writes all figures to
// bench-results/bench-<timestamp>.json. A benchmark reports a figure by printing one line
// `BENCH {"name": …, "value": …, "unit": …, "target"?: …}`. Usage: npm run bench -- --help
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run bench [-- [options] [<filter>]]

Runs each benchmark bench/*.bench.ts whose name contains <filter> (all when none is given) in its own
process, prints every figure with the machine it was measured on, and writes them to a JSON file.

  --list        list the benchmarks (those matching <filter>) without running them
  --out DIR     where the results file goes (default bench-results)
  --help        show this help

Examples: npm run bench -- pty-roundtrip      npm run bench -- --list`;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let args;
try {
  args = parseArgs({
    options: {
      help: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results' },
    },
    allowPositionals: true,
  });
} catch (err) {
  console.error(`${err.message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.positionals.length > 1) {
  console.error(`give at most one filter, got: ${args.positionals.join(' ')}\n\n${USAGE}`);
  process.exit(2);
}
const filter = args.positionals[0] ?? '';
const all = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const files = all.filter((f) => f.includes(filter));
if (files.length === 0) {
  const names = all.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ');
  console.error(`no benchmark matches "${filter}"; there are: ${names}`);
  process.exit(2);
}
if (args.values.list) {
  for (const f of files) console.log(f.replace(/\.bench\.ts$/, ''));
  process.exit(0);
}

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
console.log(
  `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`,
);

const figures = [];
let failed = 0;
let missed = 0;
for (const file of files) {
  console.log(`\n--- ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 30 * 60_000,
  });
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('BENCH ')) {
      const fig = { bench: file, ...JSON.parse(line.slice(6)) };
      figures.push(fig);
      const target = fig.target ? `   (target ${fig.target}${fig.met === false ? ': MISSED' : ''})` : '';
      if (fig.met === false) missed++;
      console.log(
        `${fig.name}: ${fig.value} ${fig.unit}${target}   [${machine.cpu}, ${machine.cores} cores]`,
      );
    } else if (line.trim()) console.log(`  ${line}`);
  }
  if (r.status !== 0) {
    failed++;
    console.log(`${file} FAILED (exit ${r.status})`);
  }
}
mkdirSync(args.values.out, { recursive: true });
const out = join(args.values.out, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ machine, date: new Date().toISOString(), figures }, null, 2));
console.log(
  `\n${figures.length} figures from ${files.length} benchmarks written to ${out}` +
    `${failed ? `; ${failed} failed` : ''}${missed ? `; ${missed} targets MISSED` : ''}`,
);
// A missed target or an invalid run fails the command, so it cannot pass unnoticed.
process.exit(failed || missed ? 1 : 0);
