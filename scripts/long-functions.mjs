#!/usr/bin/env node
// Lists the functions (declarations, expressions, arrows, methods, accessors, constructors) longer than a
// threshold, longest first, so a review can see where a function does more than one thing (issue 9:
// "split functions over ~60 lines"). `--max-count K` fails when more than K are over the threshold;
// `npm run lint` runs it with the count reached, so the number can only go down (docs/decisions.md).
// A function's length is its lines from its first to its last, nested functions included.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const USAGE = `Usage: node scripts/long-functions.mjs [--lines N] [--max-count K] [--quiet] [path ...]
Lists every function, arrow function, method, accessor and constructor longer than N lines
(default 60), longest first, as file:line  length  name.
  --lines N       the threshold in lines (default 60)
  --max-count K   exit 1 when more than K functions are over the threshold
  --quiet         print only the count (and the failure), not the list
  path ...        files or folders to scan (default: central contract main native renderer scripts bench)
Skips node_modules, dist and tests/. Exit 0 when within --max-count (or none given), 1 above it, 2 on bad usage.`;

const DEFAULT_ROOTS = ['central', 'contract', 'main', 'native', 'renderer', 'scripts', 'bench'];
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  'tests',
  '.tmp',
  '.data',
  'test-results',
  'bench-results',
]);
const EXTENSIONS = /\.(ts|tsx|mts|cts|mjs|cjs|js)$/;

function parseArgs(argv) {
  const opts = { lines: 60, maxCount: undefined, quiet: false, paths: [] };
  const number = (flag, value) => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 0) usageError(`${flag} needs a whole number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (a === '--lines') opts.lines = number(a, argv[++i]);
    else if (a === '--max-count') opts.maxCount = number(a, argv[++i]);
    else if (a === '--quiet') opts.quiet = true;
    else if (a.startsWith('-')) usageError(`unknown option ${a}`);
    else opts.paths.push(a);
  }
  if (opts.paths.length === 0) opts.paths = DEFAULT_ROOTS;
  return opts;
}

function usageError(message) {
  console.error(`long-functions: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function* sourceFiles(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    usageError(`no such file or folder: ${path}`);
  }
  if (st.isFile()) {
    if (EXTENSIONS.test(path) && !path.endsWith('.d.ts')) yield path;
    return;
  }
  for (const entry of readdirSync(path).sort()) {
    if (SKIP_DIRS.has(entry)) continue;
    yield* sourceFiles(join(path, entry));
  }
}

function scriptKind(file) {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.(mjs|cjs|js)$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** A readable name: the declaration's own, else what it is assigned to, else the call it is passed to. */
function nameOf(node) {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return parent.name.getText();
  }
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText();
    const first = parent.arguments[0];
    const label = first && ts.isStringLiteralLike(first) ? ` ${first.text}` : '';
    return `<callback of ${callee}${label}>`;
  }
  return '<anonymous>';
}

function longFunctions(file, threshold) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const length = end - start + 1;
      if (length > threshold) found.push({ file, line: start + 1, length, name: nameOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const opts = parseArgs(process.argv.slice(2));
const all = [];
for (const root of opts.paths) {
  for (const file of sourceFiles(root)) all.push(...longFunctions(file, opts.lines));
}
all.sort((a, b) => b.length - a.length || a.file.localeCompare(b.file) || a.line - b.line);
if (!opts.quiet) {
  for (const f of all)
    console.log(
      `${`${relative('.', f.file)}:${f.line}`.padEnd(60)} ${String(f.length).padStart(4)}  ${f.name}`,
    );
}
console.log(`${all.length} function(s) over ${opts.lines} lines`);
if (opts.maxCount !== undefined && all.length > opts.maxCount) {
  console.error(
    `long-functions: ${all.length} functions over ${opts.lines} lines, at most ${opts.maxCount} allowed: ` +
      'split the longest by concern (docs/decisions.md) rather than raise the limit',
  );
  process.exit(1);
}
