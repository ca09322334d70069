import { createInterface } from 'node:readline';
import { startDevKiosk } from '../../../main/host/dev/dev-stack';

// A kiosk host in a process of its own, as in production (the dev kiosk: host, simulated ID card
// reader and printer on socat PTYs), for the fault suite: its process group can be killed with
// SIGKILL mid-burst and the kiosk started again on the same data folder. Options come as JSON in
// DOORSTEP_FAULT_KIOSK. Commands are JSON lines on stdin, answers lines on stdout:
//   {"op":"burst","ids":[...],"itemId":"i-jzz"}  one resident per ID number takes a window ticket;
//        each outcome is printed the moment the page would be told it: `told {...}` or `refused {...}`;
//        `burst-done` at the end
//   {"op":"sync"}                                 heartbeat, outbox replay, leases: `synced <outboxDepth>`
// Prints "kiosk: ready" once the host serves.

const o = JSON.parse(process.env.DOORSTEP_FAULT_KIOSK ?? '{}') as { centralUrl: string; dataDir: string };
const kiosk = await startDevKiosk({ centralUrl: o.centralUrl, dataDir: o.dataDir, headless: true });
const { host } = kiosk;
// Pipes are written synchronously on Linux: a line is in the test's hands once write() returns.
const say = (line: string): void => void process.stdout.write(`${line}\n`);

type Command = { op: 'burst'; ids: string[]; itemId: string } | { op: 'sync' };

async function run(c: Command): Promise<void> {
  if (c.op === 'sync') {
    await host.syncNow();
    say(`synced ${(await host.call('link.status', {})).outboxDepth}`);
    return;
  }
  for (const idNumber of c.ids) {
    await host.call('identity.manual', { idNumber });
    try {
      const r = await host.call('tickets.issue', { itemId: c.itemId, channel: 'window' });
      say(`told ${JSON.stringify({ number: r.ticket.number, offline: r.offline, id: r.ticket.id })}`);
    } catch (err) {
      say(`refused ${JSON.stringify({ code: (err as { code?: string }).code ?? String(err) })}`);
    }
    await host.call('session.end', {});
  }
  say('burst-done');
}

// One command at a time, in order (a kiosk serves one resident at a time).
let queue = Promise.resolve();
createInterface({ input: process.stdin, terminal: false }).on('line', (line) => {
  const c = JSON.parse(line) as Command;
  queue = queue.then(() => run(c)).catch((err: unknown) => say(`error ${(err as Error).message}`));
});
process.once('SIGTERM', () => void kiosk.close().then(() => process.exit(0)));
say('kiosk: ready');
