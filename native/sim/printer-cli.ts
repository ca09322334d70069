#!/usr/bin/env node
// npm run sim:printer -- [--port PATH | --pty]: an ESC/POS thermal printer that writes PNG tickets.
import { parseArgs } from 'node:util';
import { runSimCli } from './cli-common';
import { printerCommands } from './commands';
import { SIM_FAMILIES, startPrinterSimulator, type PrinterSimulator, type SimFamily } from './printer-sim';

const USAGE = `Usage: npm run sim:printer -- (--port PATH | --pty) [options]

Simulates an ESC/POS thermal ticket printer: each cut ticket is written as a PNG and a text transcript.

  --port PATH         device-side serial port to answer on
  --pty               create a socat PTY pair and print the kiosk-side path to open
  --baud N            baud rate, sets the simulated wire time (default 115200)
  --out DIR           where tickets are written (default .data/printed)
  --paper 58mm|80mm   paper width (default 80mm)
  --speed MM          print speed in mm/s, 0 = instant (default 200)
  --family F          behave like a printer family (docs/devices.md): ${Object.keys(SIM_FAMILIES).join(', ')}
  --no-gsr            do not answer GS r 1 (DLE EOT only)
  --no-asb            send no Automatic Status Back block
  --gbk               GBK only: 4-byte GB18030 sequences print as garbage
  --raster-qr         no GS ( k: QR codes only as raster images
  --control-port N    loopback control API port (default 0 = any free port)
  --help              show this help

Commands on stdin or POST http://127.0.0.1:<control-port>/<command>/<args>:
  paper ok|near_end|out, cover open|closed, offline, online, cutter jam|ok, tickets, help`;

// This simulator's own options are checked before a PTY is made: a bad value is a usage error (exit 2).
const own = parseArgs({
  options: { paper: { type: 'string' }, speed: { type: 'string' }, family: { type: 'string' } },
  strict: false,
}).values;
const badOption =
  own.paper !== undefined && own.paper !== '58mm' && own.paper !== '80mm'
    ? `--paper is 58mm or 80mm, got "${String(own.paper)}"`
    : own.speed !== undefined && !(Number(own.speed) >= 0)
      ? `--speed is a number of mm/s (0 = instant), got "${String(own.speed)}"`
      : own.family !== undefined && !(String(own.family) in SIM_FAMILIES)
        ? `--family is one of ${Object.keys(SIM_FAMILIES).join(', ')}, got "${String(own.family)}"`
        : null;
if (badOption && !process.argv.includes('--help')) {
  console.error(`${badOption}\n\n${USAGE}`);
  process.exit(2);
}

await runSimCli<PrinterSimulator>({
  name: 'printer',
  usage: USAGE,
  options: {
    out: { type: 'string', default: '.data/printed' },
    paper: { type: 'string' },
    speed: { type: 'string', default: '200' },
    family: { type: 'string' },
    'no-gsr': { type: 'boolean', default: false },
    'no-asb': { type: 'boolean', default: false },
    gbk: { type: 'boolean', default: false },
    'raster-qr': { type: 'boolean', default: false },
  },
  start: (path, baudRate, v) => {
    if (v.paper !== undefined && v.paper !== '58mm' && v.paper !== '80mm')
      throw new Error('--paper is 58mm or 80mm');
    const sim = startPrinterSimulator({
      path,
      baudRate,
      outDir: String(v.out),
      speedMmPerSec: Number(v.speed),
      ...(v.family ? { family: v.family as SimFamily } : {}),
      ...(v.paper ? { paperWidth: v.paper } : {}),
      ...(v['no-gsr'] ? { transmitStatus: false } : {}),
      ...(v['no-asb'] ? { asb: false } : {}),
      ...(v.gbk ? { codePage: 'gbk' as const } : {}),
      ...(v['raster-qr'] ? { qrCommand: false } : {}),
    });
    return sim.then((s) => {
      s.events.on('ticket', (t) => console.log(`ticket ${t.seq}: ${t.pngPath ?? t.transcriptPath}`));
      return s;
    });
  },
  commands: printerCommands,
  close: (sim) => sim.close(),
});
