#!/usr/bin/env node
// npm start: builds, then runs the central service (demo seed) and one enrolled kiosk with simulated
// devices on PTYs (main/host/dev), and prints the URL block first (`kiosk: URL`, `console: URL`,
// `display: URL`, `dashboard: URL`), then the demo accounts, how to place a card, how to scan a QR
// code and where printed tickets appear. The services' own logs go to files under <data>/logs/ so the
// terminal stays readable; `--log-level` shows their lines at or above a level here, one short line
// each. Lines typed on stdin go to the device simulators ("place 1", "remove", "scan K7Q2M9", "help").
// When central or the kiosk host stops unexpectedly, it is started again on the same port (the URLs
// printed stay valid) and the terminal says so.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, openSync, readFileSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { relative, resolve } from 'node:path';
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';

const HELP = `Usage: npm start [-- options]

  --headless         do not open a browser window (machines without a display)
  --port N           central service port on 127.0.0.1 (default 8080, 0 = any free port);
                     the kiosk page uses N+1 (any free port when N is 0)
  --data DIR         where the demo data lives (default .data): DIR/central, DIR/kiosk, DIR/logs
  --log-level LEVEL  also show the services' log lines at or above LEVEL here (debug, info, warn,
                     error; default error); the full logs are always in DIR/logs/
  --no-build         use the existing dist/ (after npm run build)
  --public-url U     base URL that ticket QR codes point at (phones open U/t/ID); by default the
                     machine's LAN address and the port, with central listening on all addresses
  --help             show this help

While it runs, type simulator commands here: place N (put test card N on the reader), remove,
cards (the test cards with their ID numbers), paper ok|near_end|out, cover open|closed, scan CODE
(the serial QR scanner reads CODE), scanner unplug|replug, help.
`;

/** The demo centre whose hall board the printed display URL opens (central/seed/demo.ts). */
const DEMO_CENTRE = 'c-zhangjiang';
const LEVELS = ['debug', 'info', 'warn', 'error'];
/** pino's numeric levels (central) to names. */
const PINO_LEVELS = { 10: 'debug', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' };
/** A service that keeps dying within this long of its start is given up after MAX_QUICK_RESTARTS. */
const QUICK_EXIT_MS = 15_000;
const MAX_QUICK_RESTARTS = 5;

let opts;
try {
  opts = parseArgs({
    options: {
      headless: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.DOORSTEP_PORT ?? '8080' },
      data: { type: 'string', default: '.data' },
      'log-level': { type: 'string', default: 'error' },
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
if (!LEVELS.includes(opts['log-level'])) {
  console.error(`start: --log-level is one of ${LEVELS.join(', ')}, got "${opts['log-level']}"`);
  process.exit(2);
}
const showFrom = LEVELS.indexOf(opts['log-level']);
const data = resolve(opts.data);
const logDir = resolve(data, 'logs');
mkdirSync(logDir, { recursive: true });
/** A path as a newcomer would type it: relative to the current folder when inside it. */
const shown = (p) => (p.startsWith(process.cwd()) ? relative(process.cwd(), p) || '.' : p);

const entries = ['dist/central/cli.js', 'dist/main/host/dev/cli.js'];
if (!opts['no-build'] || !entries.every((e) => existsSync(e))) {
  const buildLog = resolve(logDir, 'build.log');
  console.log(`start: building the front ends and services (log: ${shown(buildLog)}) …`);
  const fd = openSync(buildLog, 'w');
  const b = spawnSync('node', ['scripts/build.mjs'], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (b.status !== 0) {
    const tail = readFileSync(buildLog, 'utf8').trimEnd().split('\n').slice(-30).join('\n');
    console.error(
      `${tail}\nstart: the build failed (above, full log ${shown(buildLog)}); fix it and run npm start again.`,
    );
    process.exit(1);
  }
}

const services = [];
let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  const running = services
    .map((s) => s.child)
    .filter((c) => c && c.exitCode === null && c.signalCode === null);
  for (const c of running) c.kill('SIGTERM');
  const exitWhenDone = () => {
    if (running.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(code);
  };
  for (const c of running) c.once('exit', exitWhenDone);
  exitWhenDone();
  setTimeout(() => process.exit(code), 3000).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** One log line in a short readable form when its level is shown here, else null. */
function terminalLine(label, line) {
  let level;
  let text = line;
  if (line.startsWith('{')) {
    try {
      const j = JSON.parse(line);
      level = PINO_LEVELS[j.level] ?? 'info';
      text = [j.msg, j.req && `${j.req.method} ${j.req.url}`, j.err?.message].filter(Boolean).join(' ');
    } catch {
      level = 'info';
    }
  } else {
    // The kiosk host's lines: "2026-…Z warn  devices  message" (main/host/log.ts).
    const m = /^\S+Z (debug|info|warn|error)\s+(\S+)\s+(.*)$/.exec(line);
    if (m) [, level, , text] = m;
    else level = /error|fail|cannot/i.test(line) ? 'error' : 'info';
  }
  if (LEVELS.indexOf(level) < showFrom) return null;
  return `[${label}] ${level}: ${text}`;
}

/**
 * A supervised Node service: `args()` gives its command line at each start; it is ready when it has
 * printed a line starting with each of `prefixes` (`central: URL` → found.central = URL). Its stderr
 * and other output go to <logs>/<label>.log; `sim: ` lines (simulator answers) to the terminal.
 * When it stops unexpectedly it is started again and the terminal says so.
 */
function supervise(label, args, prefixes, { stdin = 'ignore', env = {}, onLine = () => false } = {}) {
  const logFile = resolve(logDir, `${label}.log`);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const svc = { label, logFile, child: undefined, found: {}, quickExits: 0, startedAt: 0 };
  services.push(svc);
  let onReady;
  let onFail;
  const firstReady = new Promise((res, rej) => {
    onReady = res;
    onFail = rej;
  });
  let everReady = false;
  const start = () => {
    const child = spawn('node', args(svc), {
      stdio: [stdin, 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    svc.child = child;
    svc.startedAt = Date.now();
    const found = {};
    let ready = false;
    const lineReader = (stream, handle) => {
      let buffered = '';
      stream.on('data', (d) => {
        buffered += d.toString();
        let i;
        while ((i = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, i);
          buffered = buffered.slice(i + 1);
          // Simulator answers (the test cards' generated ID numbers among them) stay out of the file.
          if (!line.startsWith('sim: ')) logStream.write(`${line}\n`);
          handle(line);
        }
      });
    };
    lineReader(child.stdout, (line) => {
      const prefix = prefixes.find((p) => line.startsWith(`${p}: `) && !(p in found));
      if (prefix && !ready) {
        found[prefix] = line.slice(prefix.length + 2).trim();
        if (prefixes.every((p) => p in found)) {
          ready = true;
          svc.found = found;
          if (everReady) console.log(`start: ${label} is running again (${found[prefixes[0]]}).`);
          everReady = true;
          onReady(svc);
        }
      } else if (line.startsWith('sim: ')) process.stdout.write(`${line}\n`);
      else if (!onLine(line)) {
        const t = terminalLine(label, line);
        if (t) process.stderr.write(`${t}\n`);
      }
    });
    lineReader(child.stderr, (line) => {
      const t = line.trim() && terminalLine(label, line);
      if (t) process.stderr.write(`${t}\n`);
    });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const how = signal ? `signal ${signal}` : `exit ${code}`;
      if (!everReady) {
        onFail(new Error(`${label} stopped (${how}) before it was ready; see ${shown(logFile)}`));
        return;
      }
      svc.quickExits = Date.now() - svc.startedAt < QUICK_EXIT_MS ? svc.quickExits + 1 : 0;
      if (svc.quickExits > MAX_QUICK_RESTARTS) {
        console.error(`start: ${label} keeps stopping (${how}); giving up, see ${shown(logFile)}.`);
        stopAll(1);
        return;
      }
      const delay = Math.min(500 * 2 ** svc.quickExits, 8000);
      console.error(`start: ${label} stopped (${how}); restarting it (log: ${shown(logFile)}) …`);
      setTimeout(() => !stopping && start(), delay);
    });
  };
  start();
  return firstReady;
}

/** The port of a printed URL, so a restart listens where the printed URLs point. */
const portOf = (url) => new URL(url).port;
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
  const accounts = [];
  const central = await supervise(
    'central',
    (svc) => [
      'dist/central/cli.js',
      '--port',
      svc.found.central ? portOf(svc.found.central) : String(port),
      '--data',
      `${data}/central`,
      '--seed',
      'demo',
      ...(opts['log-level'] === 'debug' ? ['--log-level', 'debug'] : []),
      ...publicArgs,
    ],
    ['central'],
    {
      onLine: (line) => {
        const m = /^demo account: (\S+) \/ (\S+) \((\w+)\)$/.exec(line);
        if (m && !accounts.some((a) => a.user === m[1])) accounts.push({ user: m[1], pw: m[2], role: m[3] });
        return line.startsWith('demo ');
      },
    },
  );
  const base = lan ? `http://127.0.0.1:${port}` : central.found.central.replace(/\/$/, '');
  // One bridge secret for every start of the kiosk host, so the printed kiosk URL survives a restart.
  const bridgeSecret = randomBytes(24).toString('hex');
  const headless = opts.headless || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const kiosk = await supervise(
    'kiosk',
    (svc) => {
      const a = ['dist/main/host/dev/cli.js', '--central', base, '--data', `${data}/kiosk`, '--echo-log'];
      a.push('--port', svc.found.kiosk ? portOf(svc.found.kiosk) : String(port === 0 ? 0 : port + 1));
      if (svc.found.control) a.push('--control-port', portOf(svc.found.control));
      // After a restart the kiosk window is still open on the same URL; only the first start opens one.
      if (headless || svc.found.kiosk) a.push('--headless');
      return a;
    },
    ['kiosk', 'control', 'printed'],
    { stdin: 'pipe', env: { DOORSTEP_BRIDGE_SECRET: bridgeSecret } },
  );
  process.stdin.on('data', (d) => {
    const stdin = kiosk.child?.stdin;
    if (stdin?.writable) stdin.write(d);
    else console.log('sim: the kiosk host is restarting; type the command again in a moment.');
  });
  process.stdin.on('error', () => undefined);

  const urls = {
    kiosk: kiosk.found.kiosk,
    console: `${base}/console/`,
    display: `${base}/display/?centre=${DEMO_CENTRE}`,
    dashboard: `${base}/dashboard/`,
  };
  for (const [name, url] of Object.entries(urls)) console.log(`${name}: ${url}`);
  const byRole = (role) => accounts.filter((a) => a.role === role).map((a) => a.user);
  if (accounts.length > 0) {
    const roles = [...new Set(accounts.map((a) => a.role))];
    console.log(
      `accounts: ${roles.map((r) => `${byRole(r).join(', ')} (${r})`).join('; ')}; password ${accounts[0].pw}`,
    );
  }
  const control = kiosk.found.control;
  console.log(
    `card: type "place 1" here and press Enter to put a test card on the reader ("remove" takes it off, ` +
      `"cards" lists them with their ID numbers, "help" more), or POST ${control}place/1`,
  );
  console.log(
    `scan: type "scan CODE" here to scan a QR code with the serial scanner (an appointment code ` +
      `checks in; book one on the kiosk to get a code), or POST ${control}scan/CODE`,
  );
  console.log(`printed: ${kiosk.found.printed} (each printed ticket as PNG + transcript)`);
  console.log(
    `logs: ${shown(central.logFile)}, ${shown(kiosk.logFile)} (--log-level warn shows warnings here too)`,
  );
  if (!opts.headless && !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    console.log('start: no display found, so no browser was opened; open the URLs above.');
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
