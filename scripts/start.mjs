#!/usr/bin/env node
// npm start: builds, then runs the central service (demo seed) and one enrolled kiosk with simulated
// devices on PTYs (main/host/dev), and prints one line per front end (`kiosk: URL`, `console: URL`,
// `display: URL`, `dashboard: URL`), then how to place a card, how to scan a QR code with the serial
// scanner and where printed tickets appear. Lines typed on stdin go to the device simulators
// ("place 1", "remove", "paper out", "scan K7Q2M9", "help").
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const HELP = `Usage: npm start [-- options]

  --headless      do not open a browser window (machines without a display)
  --port N        central service port on 127.0.0.1 (default 8080, 0 = any free port);
                  the kiosk page uses N+1 (any free port when N is 0)
  --data DIR      where the demo data lives (default .data): DIR/central, DIR/kiosk
  --no-build      use the existing dist/ (after npm run build)
  --public-url U  base URL that ticket QR codes point at (phones open U/t/ID); by default the
                  machine's LAN address and the port, with central listening on all addresses
  --help          show this help

While it runs, type simulator commands here: place N (put test card N on the reader), remove,
cards, paper ok|near_end|out, cover open|closed, scan CODE (the serial QR scanner reads CODE),
scanner unplug|replug, help.
`;

let opts;
try {
  opts = parseArgs({
    options: {
      headless: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.DOORSTEP_PORT ?? '8080' },
      data: { type: 'string', default: '.data' },
      'no-build': { type: 'boolean', default: false },
      'public-url': { type: 'string' },
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
const port = Number(opts.port);
if (!Number.isInteger(port) || port < 0 || port > 65534) {
  console.error(`start: --port must be a number from 0 to 65534, got "${opts.port}"`);
  process.exit(2);
}

const entries = ['dist/central/cli.js', 'dist/main/host/dev/cli.js'];
if (!opts['no-build'] || !entries.every((e) => existsSync(e))) {
  const b = spawnSync('node', ['scripts/build.mjs'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (b.status !== 0) {
    console.error('start: the build failed (see above); fix it and run npm start again.');
    process.exit(1);
  }
}

const children = [];
let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const exitWhenDone = () => {
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(code);
  };
  for (const c of children) c.once('exit', exitWhenDone);
  exitWhenDone();
  setTimeout(() => process.exit(code), 3000).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/**
 * Starts a Node entry point and resolves with the values of the first lines it prints starting with
 * each of `prefixes` (`central: URL` → {central: URL}); its other output goes to stderr, labelled.
 */
function startProcess(label, args, prefixes, { stdin = 'ignore' } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('node', args, { stdio: [stdin, 'pipe', 'pipe'] });
    children.push(child);
    const found = {};
    let ready = false;
    let buffered = '';
    const onLine = (line) => {
      const prefix = prefixes.find((p) => line.startsWith(`${p}: `) && !(p in found));
      if (prefix && !ready) {
        found[prefix] = line.slice(prefix.length + 2).trim();
        if (prefixes.every((p) => p in found)) {
          ready = true;
          resolvePromise({ child, found });
        }
      } else if (line.startsWith('sim: ')) process.stdout.write(`${line}\n`);
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
      if (!ready) reject(new Error(`${label} exited with code ${code} before it was ready`));
      if (!stopping) {
        console.error(`start: ${label} stopped (exit ${code}).`);
        stopAll(code ?? 1);
      }
    });
  });
}

// Ticket QR codes must open on a resident's phone, which cannot reach 127.0.0.1: without
// --public-url the LAN address is used (and said), central then listening on all addresses.
function lanAddress() {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}
const lan = !opts['public-url'] && port !== 0 ? lanAddress() : null;
const publicUrl = opts['public-url'] ?? (lan ? `http://${lan}:${port}` : null);
const publicArgs = publicUrl ? ['--public-url', publicUrl, ...(lan ? ['--host', '0.0.0.0'] : [])] : [];
if (lan) {
  console.log(
    `start: ticket QR codes point at ${publicUrl} (this machine's LAN address, so phones on the same ` +
      'network open the status page); pass --public-url to use another address',
  );
}

try {
  const data = resolve(opts.data);
  const { found: c } = await startProcess(
    'central',
    [
      'dist/central/cli.js',
      '--port',
      String(port),
      '--data',
      `${data}/central`,
      '--seed',
      'demo',
      ...publicArgs,
    ],
    ['central'],
  );
  const base = lan ? `http://127.0.0.1:${port}` : c.central.replace(/\/$/, '');
  const kioskArgs = ['dist/main/host/dev/cli.js', '--central', base, '--data', `${data}/kiosk`];
  kioskArgs.push('--port', String(port === 0 ? 0 : port + 1));
  if (opts.headless || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) kioskArgs.push('--headless');
  const { child: kiosk, found: k } = await startProcess('kiosk', kioskArgs, ['kiosk', 'control', 'printed'], {
    stdin: 'pipe',
  });
  process.stdin.on('data', (d) => kiosk.stdin.writable && kiosk.stdin.write(d));
  process.stdin.on('error', () => undefined);
  kiosk.stdin.on('error', () => undefined);

  const urls = {
    kiosk: k.kiosk,
    console: `${base}/console/`,
    display: `${base}/display/`,
    dashboard: `${base}/dashboard/`,
  };
  for (const [name, url] of Object.entries(urls)) console.log(`${name}: ${url}`);
  console.log(
    `card: type "place 1" here and press Enter to put a test card on the reader ("remove" takes it off, ` +
      `"cards" lists them, "help" more), or POST ${k.control}place/1`,
  );
  console.log(
    `scan: type "scan CODE" here to scan a QR code with the serial scanner (an appointment code ` +
      `checks in; book one on the kiosk to get a code), or POST ${k.control}scan/CODE`,
  );
  console.log(`printed: ${k.printed} (each printed ticket as PNG + transcript)`);
  if (!opts.headless && !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    console.log(
      'start: no display found, so no browser was opened; open the URLs above (or pass --headless).',
    );
  } else if (!opts.headless) {
    const browser = spawn('chromium', [`--app=${urls.console}`, '--no-first-run'], {
      stdio: 'ignore',
      detached: true,
    });
    browser.on('error', () =>
      console.error('start: could not open chromium; open the console URL in any browser.'),
    );
  }
  console.log('start: running; press Ctrl+C to stop.');
} catch (err) {
  console.error(`start: ${err.message}`);
  stopAll(1);
}
