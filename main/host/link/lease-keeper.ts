import { randomUUID } from 'node:crypto';
import { Lease } from '../../../contract/api/leases';
import type { ServiceItem } from '../../../contract/catalog';
import type { LocalStore } from '../store';
import type { Log } from '../log';
import { shanghaiDay } from '../session';
import { CentralRequestError, type CentralHttp } from './http';

// Keeps a block of leased window numbers per window item for today, topped up while online, so the
// kiosk can keep issuing window tickets when central goes away (architecture decision 3).
//
// The block is sized from the kiosk's own recent rate: it should last as long offline as the last
// RATE_WINDOW_MIN did online (a busy kiosk at a busy hour leases more than the configured minimum,
// up to the contract's 200). A lease request keeps its Idempotency-Key (in the local store) until
// central answers it: a lease whose answer was lost is asked again with the same key and comes back
// as the same block, instead of a second block and a range nobody uses.

/** The recent past whose issue rate sizes the next block (and the time a block should cover). */
export const RATE_WINDOW_MIN = 30;
/** The contract's largest lease (contract/api/leases.ts LeaseRequest.count). */
const MAX_BLOCK = 200;
const pendingKey = (itemId: string) => `lease.pending.${itemId}`;

interface Pending {
  key: string;
  count: number;
  day: string;
}

export class LeaseKeeper {
  private running: Promise<number> | undefined;

  constructor(
    private readonly store: LocalStore,
    private readonly http: CentralHttp,
    private readonly log: Log,
    private readonly blockSize: number,
  ) {}

  /** Numbers to hold for an item: the configured block, or what the last RATE_WINDOW_MIN used. */
  target(itemId: string, now = new Date()): number {
    const since = new Date(now.getTime() - RATE_WINDOW_MIN * 60_000);
    const recent = this.store.tickets.windowIssuedSince(itemId, since);
    return Math.min(MAX_BLOCK, Math.max(this.blockSize, recent));
  }

  /**
   * Leases a block for every window item whose remaining numbers fell below half its target.
   * Concurrent calls share one run (a refill after each issue and the sync loop's may meet).
   */
  topUp(items: ServiceItem[], now = new Date()): Promise<number> {
    this.running ??= this.topUpOnce(items, now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async topUpOnce(items: ServiceItem[], now: Date): Promise<number> {
    const day = shanghaiDay(now);
    this.store.leases.dropBefore(day);
    let leased = 0;
    for (const item of items) {
      if (!item.active || !item.channels.includes('window')) continue;
      const target = this.target(item.id, now);
      const remaining = this.store.leases.remaining(item.id, day, now);
      const pending = this.pending(item.id, day);
      if (!pending && remaining >= Math.ceil(target / 2)) continue;
      // A request whose answer never came is asked again as it was (same key, same count).
      const ask = pending ?? { key: randomUUID(), count: target, day };
      this.store.settings.set(pendingKey(item.id), JSON.stringify(ask));
      let lease: Lease;
      try {
        lease = await this.http.request('POST', '/api/v1/leases', {
          body: { itemId: item.id, count: ask.count },
          idempotencyKey: ask.key,
          schema: Lease,
        });
      } catch (err) {
        // Refused for good (not out of reach, not still running): a new request next time.
        const mayPass =
          err instanceof CentralRequestError && (err.unreachable || err.code === 'REQUEST_IN_PROGRESS');
        if (!mayPass) this.store.settings.set(pendingKey(item.id), '');
        throw err;
      }
      this.store.leases.add({
        id: lease.id,
        centreId: lease.centreId,
        itemId: lease.itemId,
        prefix: lease.prefix,
        serviceDay: lease.serviceDay,
        firstSeq: lease.firstSeq,
        lastSeq: lease.lastSeq,
        expiresAt: null,
      });
      this.store.settings.set(pendingKey(item.id), '');
      leased++;
      this.log(
        'info',
        'leases',
        `leased ${lease.numbers[0]}–${lease.numbers.at(-1)} for ${item.code} (${remaining} left, target ${target})`,
      );
    }
    return leased;
  }

  /** The unanswered lease request of today for an item, if any. */
  private pending(itemId: string, day: string): Pending | null {
    const raw = this.store.settings.get(pendingKey(itemId));
    if (!raw) return null;
    try {
      const p = JSON.parse(raw) as Pending;
      return p.day === day && typeof p.key === 'string' ? p : null;
    } catch {
      return null;
    }
  }
}
