#!/usr/bin/env node
// npm run bench: runs every benchmark in bench/ (each a TypeScript file run with tsx in its own
// process), prints each figure with the machine's CPU model and core count, and writes all figures to
// bench-results/bench-<timestamp>.json. A benchmark reports a figure by printing one line
// `BENCH {"name": …, "value": …, "unit": …, "target"?: …}`. Usage: npm run bench [-- <name filter>]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

if (process.argv.includes('--help')) {
  console.log(
    'Usage: npm run bench [-- <filter>]\nRuns bench/*.bench.ts whose name contains <filter>; writes bench-results/*.json.',
  );
  process.exit(0);
}
const filter = process.argv[2] ?? '';
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

const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
const figures = [];
let failed = 0;
for (const file of files) {
  console.log(`\n--- ${file}`);
  const r = spawnSync('npx', ['tsx', `bench/${file}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 30 * 60_000,
  });
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('BENCH ')) {
      const fig = { bench: file, ...JSON.parse(line.slice(6)) };
      figures.push(fig);
      const target = fig.target ? `   (target ${fig.target})` : '';
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
mkdirSync('bench-results', { recursive: true });
const out = `bench-results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(out, JSON.stringify({ machine, date: new Date().toISOString(), figures }, null, 2));
console.log(
  `\n${figures.length} figures from ${files.length} benchmarks written to ${out}${failed ? `; ${failed} failed` : ''}`,
);
process.exit(failed ? 1 : 0);
