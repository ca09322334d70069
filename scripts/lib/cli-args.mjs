// Shared by the scripts' command lines: every entry point answers --help with its usage (exit 0, no
// side effects) and refuses an option it does not know with a clear message (exit 2), before it does
// anything — a mistyped option must never start a build, an image or a full test run.
import { spawnSync } from 'node:child_process';

/** Exits 0 with the usage for --help/-h, 2 for any argument not in `known` (flags without values). */
export function simpleArgs(name, usage, known = []) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  for (const a of argv) {
    if (!known.includes(a)) {
      console.error(`${name}: unknown ${a.startsWith('-') ? 'option' : 'argument'} ${a}\n\n${usage}`);
      process.exit(2);
    }
  }
}

/**
 * For the scripts that pass their arguments to Vitest (npm test, npm run chaos): asks Vitest itself
 * whether it knows them (`vitest list --filesOnly`, a few seconds, runs no test) and exits 2 with one
 * line instead of a stack trace after minutes of lint and build when it does not.
 */
export function checkVitestArgs(name, args) {
  if (!args.some((a) => a.startsWith('-'))) return;
  const r = spawnSync('npx', ['vitest', 'list', '--filesOnly', ...args, 'tests/__no_such_file__'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const unknown = /Unknown option `([^`]+)`/.exec(`${r.stderr}${r.stdout}`);
  if (unknown) {
    // Vitest names it in camelCase (--suchOption); say it as it was typed.
    const camel = (a) => `--${a.replace(/^--?/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase())}`;
    const said = (a) => [camel(a.split('=')[0]), camel(a.split('=')[0].replace(/^--no-/, '--'))];
    const typed = args.find((a) => said(a).includes(unknown[1])) ?? unknown[1];
    console.error(`${name}: unknown option ${typed} (these arguments go to Vitest: npx vitest --help)`);
    process.exit(2);
  }
}
