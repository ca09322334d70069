#!/usr/bin/env node
// tsc --noEmit per tsconfig (Node parts and tests, Electron layer, renderer): bundlers do not type-check.
// Usage: node scripts/typecheck.mjs [--help]. Exit code 1 when any config has errors.
import { spawnSync } from 'node:child_process';

import { simpleArgs } from './lib/cli-args.mjs';
import { CONFIGS } from './tsconfigs.mjs';

simpleArgs('typecheck', `Usage: npm run typecheck\nRuns tsc --noEmit for ${CONFIGS.join(', ')}.`);
let failed = 0;
for (const cfg of CONFIGS) {
  const r = spawnSync('npx', ['tsc', '--noEmit', '-p', cfg], { stdio: 'inherit' });
  console.log(`typecheck ${cfg}: ${r.status === 0 ? 'ok' : 'FAILED'}`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
