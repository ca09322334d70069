#!/usr/bin/env node
// npm start: builds, then runs the whole system on its embedded defaults and prints one line per
// front end (`kiosk: URL`, `console: URL`, `display: URL`, `dashboard: URL`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const HELP = `Usage: npm start [-- options]

  --headless      do not open a browser window (machines without a display)
  --port N        central service port on 127.0.0.1 (default 8080, 0 = any free port)
  --data DIR      where the demo data lives (default .data)
  --no-build      use the existing dist/ (after npm run build)
  --help          show this help
`;

let opts;
try {
  opts = parseArgs({
    options: {
      headless: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.DOORSTEP_PORT ?? '8080' },
      data: { type: 'string', default: '.data' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n\n${HELP}`);
  process.exit(2);
}
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}

if (!opts['no-build'] || !existsSync('dist/central/cli.js')) {
  const b = spawnSync('node', ['scripts/build.mjs'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (b.status !== 0) {
    console.error('start: the build failed (see above); fix it and run npm start again.');
    process.exit(1);
  }
}

const children = [];
function stopAll(code = 0) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** Starts a Node entry point and resolves with the first URL it prints after `prefix`. */
function startProcess(label, args, prefix) {
  return new Promise((resolve, reject) => {
    const child = spawn('node', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let buffered = '';
    const onLine = (line) => {
      if (line.startsWith(prefix)) resolve(line.slice(prefix.length).trim());
      else if (line.trim()) process.stderr.write(`[${label}] ${line}\n`);
    };
    child.stdout.on('data', (d) => {
      buffered += d.toString();
      let i;
      while ((i = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, i));
        buffered = buffered.slice(i + 1);
      }
    });
    child.stderr.on('data', (d) => process.stderr.write(`[${label}] ${d}`));
    child.once('exit', (code) => {
      reject(new Error(`${label} exited with code ${code} before it was ready`));
      console.error(`start: ${label} stopped (exit ${code}).`);
      stopAll(code ?? 1);
    });
  });
}

try {
  const central = await startProcess(
    'central',
    ['dist/central/cli.js', '--port', opts.port, '--data', `${opts.data}/central`, '--seed', 'demo'],
    'central: ',
  );
  const base = central.replace(/\/$/, '');
  const urls = {
    kiosk: `${base}/kiosk/`,
    console: `${base}/console/`,
    display: `${base}/display/`,
    dashboard: `${base}/dashboard/`,
  };
  for (const [name, url] of Object.entries(urls)) console.log(`${name}: ${url}`);
  if (!opts.headless) {
    if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) {
      const browser = spawn('chromium', [`--app=${urls.kiosk}`, '--no-first-run'], {
        stdio: 'ignore',
        detached: true,
      });
      browser.on('error', () =>
        console.error('start: could not open chromium; open the kiosk URL in any browser.'),
      );
    } else {
      console.log(
        'start: no display found, so no browser was opened; open the URLs above (or pass --headless).',
      );
    }
  }
  console.log('start: running; press Ctrl+C to stop.');
} catch (err) {
  console.error(`start: ${err.message}`);
  stopAll(1);
}
