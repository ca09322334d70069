#!/usr/bin/env node
// npm run sim:scanner -- [--port PATH | --pty]: a serial QR/barcode scanner on a port or a new PTY.
import { parseArgs } from 'node:util';
import { isTerminatorSpec, bytesOfSpec } from '../scanner/line-decoder';
import { controlFromStdin, helpText, startControlServer } from './control';
import { scannerCommands } from './scanner-commands';
import { startScannerSimulator, type ScannerSimulatorOptions } from './scanner-sim';

const USAGE = `Usage: npm run sim:scanner -- (--port PATH | --pty) [options]

Simulates a serial barcode/QR scanner: each scan is the text followed by the terminator.

  --port PATH         device-side serial port to send on
  --pty               create a socat PTY pair and print the kiosk-side path to open; unplug then
                      really removes the device (the kiosk's port closes) and replug brings it back
  --baud N            baud rate, sets the simulated wire time (default 9600)
  --terminator T      cr (default), lf, crlf, tab or hex:XX… (e.g. hex:03)
  --prefix P          sent before each scan: text, or hex:XX… (e.g. hex:02 for STX)
  --suffix S          sent after each scan, before the terminator
  --encoding E        utf8 (default) or gb18030
  --control-port N    loopback control API port (default 0 = any free port)
  --help              show this help

Commands on stdin or POST http://127.0.0.1:<control-port>/<command>/<args>:
  scan TEXT, raw HEX, garbage [N], unplug, replug, help`;

function usage(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let v: Record<string, string | boolean | undefined>;
try {
  v = parseArgs({
    options: {
      port: { type: 'string' },
      pty: { type: 'boolean', default: false },
      baud: { type: 'string', default: '9600' },
      terminator: { type: 'string', default: 'cr' },
      prefix: { type: 'string', default: '' },
      suffix: { type: 'string', default: '' },
      encoding: { type: 'string', default: 'utf8' },
      'control-port': { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (err) {
  usage((err as Error).message);
}
if (v.help) {
  console.log(USAGE);
  process.exit(0);
}
const baud = Number(v.baud);
if (!v.port === !v.pty) usage('give exactly one of --port PATH or --pty');
if (!Number.isInteger(baud) || baud <= 0) usage('--baud is a positive whole number');
const terminator = String(v.terminator);
if (!isTerminatorSpec(terminator) || terminator === 'auto')
  usage('--terminator is cr, lf, crlf, tab or hex:XX…');
if (v.encoding !== 'utf8' && v.encoding !== 'gb18030') usage('--encoding is utf8 or gb18030');
try {
  bytesOfSpec(String(v.prefix));
  bytesOfSpec(String(v.suffix));
} catch (err) {
  usage((err as Error).message);
}

const options: ScannerSimulatorOptions = {
  ...(v.pty ? { pty: { name: 'scanner' } } : { path: String(v.port) }),
  baudRate: baud,
  terminator: terminator as ScannerSimulatorOptions['terminator'],
  prefix: String(v.prefix),
  suffix: String(v.suffix),
  encoding: v.encoding,
};
try {
  const sim = await startScannerSimulator(options);
  const commands = scannerCommands(sim);
  const control = await startControlServer(commands, Number(v['control-port']));
  if (sim.kioskPath) console.log(`kiosk side: ${sim.kioskPath}`);
  console.log(`scanner simulator on ${sim.path} at ${baud} baud, terminator ${terminator}`);
  console.log(`control: ${control.url} (POST /<command>/<args>)`);
  console.log(`commands (stdin or control API):\n${helpText(commands)}`);
  const stopStdin = controlFromStdin(commands, (s) => console.log(s));
  const stop = async () => {
    stopStdin();
    control.server.close();
    await sim.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} catch (err) {
  console.error(`scanner simulator: ${(err as Error).message}`);
  console.error(
    'check the port path exists and is not used by another program, and that socat is installed for --pty',
  );
  process.exit(1);
}
