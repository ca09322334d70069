#!/usr/bin/env node
// npm run sim:idcard -- [--port PATH | --pty]: a GA 467 ID card reader on a serial port or a new PTY.
import { parseArgs } from 'node:util';
import { runSimCli } from './cli-common';
import { idcardCommands } from './commands';
import { startIdCardSimulator, type IdCardSimulator } from './idcard-sim';

const USAGE = `Usage: npm run sim:idcard -- (--port PATH | --pty) [options]

Simulates a second-generation ID card reader (GA 467 SAM protocol) with generated test cards.

  --port PATH         device-side serial port to answer on
  --pty               create a socat PTY pair and print the kiosk-side path to open
  --baud N            baud rate, sets the simulated wire time (default 115200)
  --read-time MS      time the card read takes (default 120)
  --control-port N    loopback control API port (default 0 = any free port)
  --help              show this help

Commands on stdin or POST http://127.0.0.1:<control-port>/<command>/<args>:
  cards, place N, remove, unplug, replug, error SW3 [step] [times], slow MS, help`;

// This simulator's own option is checked before a PTY is made: a bad value is a usage error (exit 2).
const readTime = parseArgs({ options: { 'read-time': { type: 'string' } }, strict: false }).values[
  'read-time'
];
if (readTime !== undefined && !(Number(readTime) >= 0) && !process.argv.includes('--help')) {
  console.error(`--read-time is a number of milliseconds, got "${String(readTime)}"\n\n${USAGE}`);
  process.exit(2);
}

await runSimCli<IdCardSimulator>({
  name: 'idcard',
  usage: USAGE,
  options: { 'read-time': { type: 'string', default: '120' } },
  start: (path, baudRate, v) => startIdCardSimulator({ path, baudRate, readTimeMs: Number(v['read-time']) }),
  commands: idcardCommands,
  close: (sim) => sim.close(),
});
