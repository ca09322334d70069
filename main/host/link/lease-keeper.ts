import { randomUUID } from 'node:crypto';
import { Lease } from '../../../contract/api/leases';
import type { ServiceItem } from '../../../contract/catalog';
import type { LocalStore } from '../store';
import type { Log } from '../log';
import { shanghaiDay } from '../session';
import type { CentralHttp } from './http';

// Keeps a block of leased window numbers per window item for today, topped up while online, so the
// kiosk can keep issuing window tickets when central goes away (architecture decision 3).

export class LeaseKeeper {
  constructor(
    private readonly store: LocalStore,
    private readonly http: CentralHttp,
    private readonly log: Log,
    private readonly blockSize: number,
  ) {}

  /** Leases a new block for every window item whose remaining numbers fell below half a block. */
  async topUp(items: ServiceItem[], now = new Date()): Promise<number> {
    const day = shanghaiDay(now);
    this.store.leases.dropBefore(day);
    let leased = 0;
    for (const item of items) {
      if (!item.active || !item.channels.includes('window')) continue;
      if (this.store.leases.remaining(item.id, day, now) >= Math.ceil(this.blockSize / 2)) continue;
      const lease = await this.http.request('POST', '/api/v1/leases', {
        body: { itemId: item.id, count: this.blockSize },
        idempotencyKey: randomUUID(),
        schema: Lease,
      });
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
      leased++;
      this.log('info', 'leases', `leased ${lease.numbers[0]}–${lease.numbers.at(-1)} for ${item.code}`);
    }
    return leased;
  }
}
