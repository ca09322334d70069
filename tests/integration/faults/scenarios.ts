import type { KioskClient } from '../central/harness';
import {
  type CentralProcess,
  type ScenarioDb,
  SCALE,
  auditTickets,
  send,
  settle,
  type Settled,
  ticketRequest,
  waitUntil,
} from './harness';

// Load shaped like kiosks at a busy hour, and what is counted after a fault. Every mutation goes
// through `settle`: one Idempotency-Key, sent again until central answers for good, like the outbox.

export interface LoadResult {
  tickets: Array<{ id: string; number: string; key: string; body: unknown; kiosk: KioskClient }>;
  leases: number;
  /** Leases of these kiosks at central before the load started. */
  leasesBefore: number;
  printed: number;
  settled: Settled[];
}

/**
 * Each kiosk, until stop() is called: take a ticket, report it printed, and every third round lease
 * a block of numbers. A key counts as stuck when it is still unanswered `settleMs` after it was
 * first sent or after the last fault ended (`faultOver`: +Infinity while central or its database is
 * down), whichever is later: a key cannot be answered while there is nothing to answer it, and a
 * central that takes long to start on a loaded machine is not a key left "in progress". Bounded:
 * no key is tried for more than MAX_SETTLE_MS.
 */
const leaseCount = async (db: ScenarioDb, kiosks: KioskClient[]) => {
  const ids = kiosks.map((k) => k.kioskId);
  const rows = await db.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM leases WHERE kiosk_id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  return Number(rows[0]!.n);
};
const MAX_SETTLE_MS = 600_000;

export async function kioskLoad(
  db: ScenarioDb,
  kiosks: KioskClient[],
  faultOver: () => number = () => 0,
  settleMs = 30_000,
) {
  const result: LoadResult = {
    tickets: [],
    leases: 0,
    leasesBefore: await leaseCount(db, kiosks),
    printed: 0,
    settled: [],
  };
  let running = true;
  let waiters: Array<{ n: number; wake: () => void }> = [];
  const one = async (k: KioskClient, path: string, body: unknown) => {
    const t0 = Date.now();
    const until = () => Math.min(t0 + MAX_SETTLE_MS, Math.max(t0, faultOver()) + settleMs);
    const s = await settle(k, path, body, until);
    result.settled.push(s);
    for (const w of waiters.filter((x) => result.settled.length >= x.n)) w.wake();
    waiters = waiters.filter((x) => result.settled.length < x.n);
    return s;
  };
  const done = Promise.all(
    kiosks.map(async (k) => {
      for (let round = 0; round < 10_000 && running; round++) {
        const req = ticketRequest();
        const t = await one(k, '/api/v1/tickets', req);
        if (t.answer?.status !== 201) continue;
        result.tickets.push({ ...t.answer.body, key: t.key, body: req, kiosk: k });
        const p = await one(k, `/api/v1/tickets/${t.answer.body.id}/print-status`, { status: 'printed' });
        if (p.answer?.status === 200) result.printed++;
        if (round % 3 === 0) {
          const l = await one(k, '/api/v1/leases', { itemId: 'i-zmkj', count: 5 });
          if (l.answer?.status === 201) result.leases++;
        }
      }
    }),
  );
  return {
    result,
    /**
     * One phase of load: resolves once `n` more requests have settled (answered for good or given
     * up), the positive sign that the kiosks worked meanwhile; rejects after `timeoutMs`.
     */
    phase(n = SCALE.phaseRequests, timeoutMs = 120_000): Promise<void> {
      const target = result.settled.length + n;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w.wake !== done);
          reject(new Error(`${result.settled.length} of ${target} load requests settled in ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => (clearTimeout(timer), resolve());
        waiters.push({ n: target, wake: done });
      });
    },
    /** Stops taking new work; what is under way settles (see above). */
    async stop(): Promise<LoadResult> {
      running = false;
      await done;
      return result;
    },
  };
}

export interface FaultCounts {
  acknowledged: number;
  lost: number;
  duplicated: number;
  /** Keys still unanswered 30 s after they were sent or the fault ended (see kioskLoad). */
  stuckKeys: number;
  /** Of those, keys answered 409 REQUEST_IN_PROGRESS at least once. */
  stuckInProgress: number;
  /** Acknowledged ticket keys sent again whose answer named another ticket. */
  replayMismatch: number;
  /** Leases central holds beyond one per acknowledged lease key (a key applied twice). */
  extraLeases: number;
  refused: number;
}

/** The audit after a fault: what central holds against what the kiosks were told. */
export async function countFaults(
  db: ScenarioDb,
  kiosks: KioskClient[],
  r: LoadResult,
): Promise<FaultCounts> {
  const audit = await auditTickets(db, r.tickets);
  const leases = (await leaseCount(db, kiosks)) - r.leasesBefore;
  let replayMismatch = 0;
  const sample = r.tickets.filter((_, i) => i % Math.ceil(r.tickets.length / 40) === 0);
  for (const t of sample) {
    const a = await send(t.kiosk, '/api/v1/tickets', t.body, t.key);
    if (a?.body?.id !== t.id) replayMismatch++;
  }
  // Why each stuck key is stuck (route, and every kind of miss with its count), for whoever reads a failing run.
  for (const s of r.settled.filter((x) => x.answer === null)) {
    process.stdout.write(
      `[faults] stuck ${s.key} ${s.path.replace(/[0-9a-f-]{36}/, ':id')}: missed ${s.last}, ${s.inProgress} in progress, ${s.ms} ms\n`,
    );
  }
  return {
    acknowledged: r.tickets.length,
    lost: audit.lost,
    duplicated: audit.duplicated,
    stuckKeys: r.settled.filter((s) => s.answer === null).length,
    stuckInProgress: r.settled.filter((s) => s.answer === null && s.inProgress > 0).length,
    replayMismatch,
    extraLeases: leases - r.leases,
    refused: r.settled.filter((s) => s.answer !== null && s.answer.status >= 400).length,
  };
}

/** kill -9 of central while kiosks work, then central started again (as a supervisor would). */
export async function killUnderLoad(
  db: ScenarioDb,
  central: CentralProcess,
  kiosks: KioskClient[],
): Promise<FaultCounts & { kills: number; maxStartMs: number }> {
  const load = await kioskLoad(db, kiosks, () => central.upSince);
  for (let round = 0; round < SCALE.rounds; round++) {
    await load.phase();
    // Down from the kill until the new process listens (a start takes a second or more).
    await central.kill9();
    await central.start();
    // The next kill comes under load, once central serves again (not while it is still warming up:
    // on a loaded machine its first answers after a start can take seconds).
    await waitUntil(
      async () => (await fetch(`${central.url}/readyz`).catch(() => null))?.status === 200,
      60_000,
    );
  }
  await load.phase();
  const r = await load.stop();
  return { ...(await countFaults(db, kiosks, r)), kills: SCALE.rounds, maxStartMs: central.maxStartMs };
}
