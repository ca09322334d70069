import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { controlFromStdin } from '../../../native/sim/control';
import { startDevKiosk } from './dev-stack';

// `npm start`'s kiosk: one enrolled kiosk host with simulated devices on PTYs (dev-stack.ts), the
// simulators driven by commands on stdin or the printed control URL.

const HELP = `Doorstep development kiosk: kiosk host + ID card, printer and QR scanner simulators on PTYs

Usage: npm run kiosk:dev -- --central URL [options]

  --central URL        central service started with --seed demo (required)
  --data DIR           kiosk data folder (default .data/kiosk)
  --port N             kiosk page and bridge port on 127.0.0.1 (default 0 = any free port)
  --control-port N     simulators' control API port (default 0 = any free port)
  --station ID         demo station to enroll (default s-zhangjiang-1)
  --pin PIN            technician PIN (default 123456)
  --renderer DIR       built front ends (default dist/renderer)
  --headless           do not open Chromium
  --echo-log           also write the host's log lines to stderr (they are always in DATA/logs/host.log)
  --help               show this help

Prints "kiosk: URL", "control: URL" and "printed: DIR"; then reads simulator commands on stdin
(place N, remove, cards, paper ok|near_end|out, cover open|closed, scan CODE, scanner unplug|replug,
help).

DOORSTEP_BRIDGE_SECRET (48 hex digits) fixes the kiosk URL's bridge secret across restarts.
`;

function bridgeSecretFromEnv(): string | undefined {
  const s = process.env.DOORSTEP_BRIDGE_SECRET;
  if (s === undefined || s === '') return undefined;
  if (!/^[0-9a-f]{32,}$/.test(s)) {
    process.stderr.write('DOORSTEP_BRIDGE_SECRET must be at least 32 lower-case hex digits\n');
    process.exit(2);
  }
  return s;
}

async function main(): Promise<void> {
  let a;
  try {
    a = parseArgs({
      options: {
        central: { type: 'string' },
        data: { type: 'string', default: '.data/kiosk' },
        port: { type: 'string', default: '0' },
        'control-port': { type: 'string', default: '0' },
        station: { type: 'string' },
        pin: { type: 'string' },
        renderer: { type: 'string', default: 'dist/renderer' },
        headless: { type: 'boolean', default: false },
        'echo-log': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (a.help) {
    process.stdout.write(HELP);
    return;
  }
  if (!a.central) {
    process.stderr.write(`--central is required\n\n${HELP}`);
    process.exit(2);
  }
  const kiosk = await startDevKiosk({
    centralUrl: a.central,
    dataDir: resolve(a.data),
    port: Number(a.port),
    controlPort: Number(a['control-port']),
    headless: a.headless,
    rendererDir: a.renderer,
    stationId: a.station,
    pin: a.pin,
    logEcho: a['echo-log'],
    bridgeSecret: bridgeSecretFromEnv(),
  });
  process.stdout.write(
    `kiosk: ${kiosk.kioskUrl}\ncontrol: ${kiosk.controlUrl}\nprinted: ${kiosk.printedDir}\n`,
  );
  const stopInput = controlFromStdin(kiosk.commands, (s) =>
    process.stdout.write(`sim: ${s.replace(/\n/g, '\nsim: ')}\n`),
  );
  const stop = async () => {
    stopInput();
    await kiosk.close();
    process.exit(0);
  };
  kiosk.host.onRestart(() => void stop());
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`kiosk: ${(err as Error).message}\n`);
  process.exit(1);
});
