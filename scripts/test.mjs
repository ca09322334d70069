#!/usr/bin/env node
// npm test: system dependencies, lint, format, type-check, build, then the unit, integration and e2e
// suites (Vitest), and one closing line `N passed, N failed, N skipped` over all of them. Each check
// before the suites counts as one test. Extra arguments go to Vitest (`npm test -- --project unit`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { checkVitestArgs } from './lib/cli-args.mjs';
import { CONFIGS } from './tsconfigs.mjs';

if (process.argv.includes('--help')) {
  console.log(`Usage: npm test [-- <vitest arguments>]
Runs: system dependency check, eslint, prettier --check, tsc per tsconfig, build, then Vitest
(projects unit, integration, e2e). Ends with "N passed, N failed, N skipped".
Examples: npm test -- --project unit      npm test -- tests/unit/contract`);
  process.exit(0);
}

const vitestArgs = process.argv.slice(2);
checkVitestArgs('test', vitestArgs);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const flaky = [];
const started = Date.now();

function check(name, cmd, args) {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', timeout: 20 * 60_000 });
  const ok = r.status === 0;
  console.log(`=== ${name}: ${ok ? 'passed' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(name);
  }
  return ok;
}

check('system dependencies', 'bash', ['scripts/ensure-system-deps.sh']);
check('eslint', 'npx', ['eslint', '--max-warnings', '0', '.']);
check('prettier', 'node', ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.']);
for (const cfg of CONFIGS) check(`typecheck ${cfg}`, 'npx', ['tsc', '--noEmit', '-p', cfg]);
check('build', 'node', ['scripts/build.mjs']);

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
rmSync(report, { force: true });
console.log('\n=== vitest (unit, integration, e2e)');
const v = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs],
  {
    stdio: 'inherit',
    timeout: 60 * 60_000,
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
  },
);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
  // A test file that fails to load has no tests in it: count it as one failure.
  for (const file of r.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).every((a) => a.status !== 'failed')) {
      totals.failed++;
      failures.push(`load ${file.name}`);
    }
  }
  for (const file of r.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      if (a.status === 'failed') failures.push(a.fullName);
      // Passed, but only on its retry (CI): the first attempt's error is kept in failureMessages.
      else if (a.status === 'passed' && a.failureMessages?.length) {
        const first = String(a.failureMessages[0]).split('\n')[0];
        flaky.push(`${a.fullName}\n      first attempt: ${first}`);
      }
    }
  }
} else {
  totals.failed++;
  failures.push(`vitest produced no report (exit ${v.status})`);
}

if (flaky.length) {
  console.log(`\nFlaky (passed only on retry, ${flaky.length}): each needs a look`);
  for (const f of flaky) console.log(`  - ${f}`);
}
if (failures.length) {
  console.log('\nFailed:');
  for (const f of failures) console.log(`  - ${f}`);
}
console.log(`\nnpm test took ${((Date.now() - started) / 60000).toFixed(1)} min`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
