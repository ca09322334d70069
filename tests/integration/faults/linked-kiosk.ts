import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Ticket } from '../../../contract/ticket';
import { startCentral, type RunningCentral } from '../../../central/server';
import { startDevKiosk, type DevKiosk } from '../../../main/host/dev/dev-stack';
import { shanghaiDay } from '../../../main/host/session';
import { type FaultPlan, startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy';
import { idNumber } from '../central/harness';
import { staffTickets } from '../host/central-staff';
import { HOOK_MS } from './harness';

// The link suites' one setup: central in-process (demo seed), a real kiosk host (simulated reader
// and printer on PTYs) talking to it through a fault proxy; residents taking window tickets one
// after another; the outbox settled once the link is good; and what central then holds compared
// with what the residents were told.

export interface LinkedKiosk {
  central: RunningCentral;
  proxy: FaultProxy;
  kiosk: DevKiosk;
}

/** Starts the three before the file's tests (the proxy's faults drawn from `seed`), stops them after. */
export function linkedKiosk(name: string, seed: number): LinkedKiosk {
  let root: string | undefined;
  const s = {} as LinkedKiosk;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), `doorstep-${name}-`));
    s.central = await startCentral({ port: 0, dataDir: join(root, 'central'), seed: 'demo' });
    s.proxy = await startFaultProxy(s.central.url, seed);
    s.kiosk = await startDevKiosk({ centralUrl: s.proxy.url, dataDir: join(root, 'kiosk'), headless: true });
  }, HOOK_MS);
  afterAll(async () => {
    await s.kiosk?.close();
    await s.proxy?.close();
    await s.central?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return s;
}

export interface Residents {
  held: Array<{ number: string; offline: boolean }>;
  /** Refusal codes residents were shown. */
  refused: string[];
  /** The longest a resident waited for a ticket request's answer (ms). */
  slowestMs: number;
}

/**
 * `n` residents in turn each type their ID number (born `birth`, order codes from `firstCode`), take
 * a window ticket for `itemId` and leave; `before(i)` runs first (e.g. a new fault plan).
 */
export async function residentsInTurn(
  k: LinkedKiosk,
  o: { n: number; itemId: string; birth: string; firstCode: number; screenOnly?: boolean },
  before: (i: number) => void = () => undefined,
): Promise<Residents> {
  const { host } = k.kiosk;
  const out: Residents = { held: [], refused: [], slowestMs: 0 };
  for (let i = 0; i < o.n; i++) {
    before(i);
    await host.call('identity.manual', { idNumber: idNumber(o.birth, o.firstCode + i) });
    const t0 = Date.now();
    try {
      const r = await host.call('tickets.issue', {
        itemId: o.itemId,
        channel: 'window',
        ...(o.screenOnly ? { screenOnly: true } : {}),
      });
      out.held.push({ number: r.ticket.number, offline: r.offline });
    } catch (err) {
      out.refused.push((err as { code?: string }).code ?? String(err));
    }
    out.slowestMs = Math.max(out.slowestMs, Date.now() - t0);
    await host.call('session.end', {});
  }
  return out;
}

/** The link is good again (no faults): the outbox is replayed until empty (30 rounds at most); its depth. */
export async function settleOutbox(k: LinkedKiosk): Promise<number> {
  k.proxy.plan({} satisfies FaultPlan);
  const { host } = k.kiosk;
  let depth = (await host.call('link.status', {})).outboxDepth;
  for (let round = 0; round < 30 && depth > 0; round++) {
    await host.syncNow();
    depth = (await host.call('link.status', {})).outboxDepth;
  }
  return depth;
}

export interface AtCentral {
  /** Today's tickets for the item at the Zhangjiang centre. */
  tickets: Ticket[];
  waiting: string[];
  /** Waiting at central, held by no resident. */
  ghosts: string[];
  /** Held by a resident but not waiting at central exactly once. */
  notOnce: string[];
}

export async function atCentral(k: LinkedKiosk, itemId: string, held: Residents['held']): Promise<AtCentral> {
  const tickets = (await staffTickets(k.central.url, 'c-zhangjiang', itemId)).filter(
    (t) => t.serviceDay === shanghaiDay(new Date()),
  );
  const waiting = tickets.filter((t) => t.status === 'waiting').map((t) => t.number);
  const heldNumbers = held.map((h) => h.number);
  return {
    tickets,
    waiting,
    ghosts: waiting.filter((n) => !heldNumbers.includes(n)),
    notOnce: heldNumbers.filter((n) => waiting.filter((w) => w === n).length !== 1),
  };
}
