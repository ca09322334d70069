#!/usr/bin/env node
// Builds everything `npm start` and the packaged kiosk need: the four front ends (Vite) and the Node
// entry points (esbuild, dependencies left as packages). Usage: node scripts/build.mjs [--help]
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { existsSync } from 'node:fs';
import { simpleArgs } from './lib/cli-args.mjs';

simpleArgs(
  'build',
  'Usage: npm run build\nBuilds dist/renderer (front ends) and dist/<part>/*.js (Node entry points).',
);

const started = Date.now();
console.log('build: front ends (vite) …');
await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });

// Node entry points; each later issue adds its own here.
const entries = [
  'central/cli.ts',
  'main/host/cli.ts',
  'main/host/dev/cli.ts',
  'native/cli.ts',
  'native/sim/idcard-cli.ts',
  'native/sim/printer-cli.ts',
].filter((e) => existsSync(e));
console.log(`build: ${entries.length} Node entry points (esbuild) …`);
await esbuild({
  entryPoints: entries,
  outdir: 'dist',
  outbase: '.',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
if (existsSync('main/electron/main.ts')) {
  console.log('build: Electron main and preload (esbuild, CommonJS) …');
  await esbuild({
    entryPoints: ['main/electron/main.ts', 'main/electron/preload.ts'].filter((e) => existsSync(e)),
    outdir: 'dist/main/electron',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // electron-updater from node_modules beside app.asar (a production dependency), not bundled.
    external: ['electron', 'electron-updater', 'serialport', 'better-sqlite3', '@napi-rs/canvas'],
    sourcemap: true,
    logLevel: 'warning',
  });
}
console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
