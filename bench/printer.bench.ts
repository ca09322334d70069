// Tickets printed per minute through the real printer driver, a socat PTY and the printer simulator
// at 115200 and 9600 baud: each job is a full queue ticket (GB18030 text + GS ( k QR), with DLE EOT
// status before, during and after it and GS r 1 as the end-of-job mark. The simulator prints at
// 200 mm/s (a typical 80 mm kiosk printer); a second figure with instant printing shows the link bound.
// Issue 17: the same tickets on a printer without GS r 1 (end of job by DLE EOT once the computed
// print time has passed) against one with it, as time per ticket and the overhead in per cent
// (target < 10 %), with the driver's profile speed equal to the printer's and at a cautious 150 mm/s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queueTicket } from '../native/printer/layouts';
import { TicketPrinter } from '../native/printer/printer';
import { createPtyPair } from '../native/pty/socat-pair';
import { startPrinterSimulator, type SimFamily } from '../native/sim/printer-sim';
import { report } from './report';

const TICKETS = 8;
const bytes = queueTicket({
  centre: { zh: '花木街道社区事务受理服务中心', en: 'Huamu Community Affairs Centre' },
  station: { zh: '牡丹居委家门口服务站', en: 'Mudan Doorstep Station' },
  number: 'V012',
  service: { zh: '居住证办理', en: 'Residence permit' },
  channel: 'video',
  waitingAhead: 3,
  issuedAt: new Date(),
  statusUrl: 'https://doorstep.example/t/8f3a2c',
});
console.log(`one queue ticket = ${bytes.length} bytes of ESC/POS`);

async function run(
  baud: number,
  speed: number,
  family: SimFamily = 'full',
  profileSpeed = speed || 200,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-bench-printer-'));
  const pair = await createPtyPair();
  const sim = await startPrinterSimulator({
    path: pair.devicePath,
    outDir: dir,
    baudRate: baud,
    speedMmPerSec: speed,
    render: false,
    family,
  });
  const printer = new TicketPrinter({
    path: pair.kioskPath,
    baudRate: baud,
    queueFile: join(dir, 'jobs.json'),
    pollMs: 100,
    profile: { speedMmPerSec: profileSpeed },
  });
  await printer.open();
  const t0 = performance.now();
  for (let i = 0; i < TICKETS; i++) {
    const r = await printer.print({ bytes });
    if (!r.printed) throw new Error(`ticket ${i} not printed: ${r.reason}`);
  }
  const perMinute = TICKETS / ((performance.now() - t0) / 60_000);
  await printer.close();
  await sim.close();
  await pair.close();
  rmSync(dir, { recursive: true, force: true });
  return perMinute;
}

for (const baud of [115200, 9600]) {
  report({
    name: `tickets per minute at ${baud} baud, printing at 200 mm/s`,
    value: await run(baud, 200),
    unit: 'tickets/min',
  });
  report({
    name: `tickets per minute at ${baud} baud, instant printing (link bound)`,
    value: await run(baud, 0),
    unit: 'tickets/min',
  });
  report({
    name: `wire time of one ticket at ${baud} 8N1 (computed)`,
    value: (bytes.length * 10 * 1000) / baud,
    unit: 'ms',
  });
}

// Issue 17: completion detection without GS r 1, against the GS r 1 path, at 115200 baud, 200 mm/s.
const msPerTicket = (perMinute: number) => 60_000 / perMinute;
const withGsr = msPerTicket(await run(115200, 200, 'full'));
const matched = msPerTicket(await run(115200, 200, 'no-gsr', 200));
const cautious = msPerTicket(await run(115200, 200, 'no-gsr', 150));
report({ name: 'time per ticket, GS r 1 end of job (115200, 200 mm/s)', value: withGsr, unit: 'ms' });
report({ name: 'time per ticket, DLE EOT end of job, profile 200 mm/s', value: matched, unit: 'ms' });
report({
  name: 'completion detection overhead without GS r 1, profile speed = printer speed',
  value: ((matched - withGsr) / withGsr) * 100,
  unit: '%',
  target: '< 10',
});
report({
  name: 'time per ticket, DLE EOT end of job, cautious profile 150 mm/s',
  value: cautious,
  unit: 'ms',
});
report({
  name: 'completion detection overhead without GS r 1, cautious profile (150 mm/s for a 200 mm/s printer)',
  value: ((cautious - withGsr) / withGsr) * 100,
  unit: '%',
});
