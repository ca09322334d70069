#!/usr/bin/env node
// npm run sim:idcard -- [--port PATH | --pty]: a GA 467 ID card reader on a serial port or a new PTY.
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

await runSimCli<IdCardSimulator>({
  name: 'idcard',
  usage: USAGE,
  options: { 'read-time': { type: 'string', default: '120' } },
  start: (path, baudRate, v) => startIdCardSimulator({ path, baudRate, readTimeMs: Number(v['read-time']) }),
  commands: idcardCommands,
  close: (sim) => sim.close(),
});
