import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CatalogResponse } from '../../../contract/api/catalog';
import type { ServiceItem } from '../../../contract/catalog';
import { CentralHttp } from '../../../main/host/link/http';
import { LeaseKeeper } from '../../../main/host/link/lease-keeper';
import { LocalStore } from '../../../main/host/store';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy';
import { type KioskClient, type TestCentral, startTestCentral } from '../central/harness';

// The kiosk's lease keeper against a real central (SQLite) through the fault proxy (issue #10 item
// 6): the block follows the kiosk's own rate (a busy kiosk leases what its last 30 minutes used, so
// it does not run dry offline), and a lease whose answer was cut is asked again with the same key:
// central hands out one block, not two.

let c: TestCentral;
let kiosk: KioskClient;
let proxy: FaultProxy;
let items: ServiceItem[];
beforeAll(async () => {
  c = await startTestCentral('sqlite');
  kiosk = await c.kiosk('s-zhangjiang-1');
  proxy = await startFaultProxy(c.url, 3);
  items = CatalogResponse.parse((await kiosk.get('/api/v1/catalog')).body).items.filter(
    (i) => i.id === 'i-jzz',
  );
});
afterAll(async () => {
  await proxy?.close();
  await c?.close();
});

const leasesAtCentral = () => {
  const db = new Database(join(c.dataDir, 'central.db'), { readonly: true });
  try {
    return db
      .prepare('SELECT first_seq, last_seq FROM leases WHERE kiosk_id = ?')
      .all(kiosk.kioskId) as Array<{
      first_seq: number;
      last_seq: number;
    }>;
  } finally {
    db.close();
  }
};

it('leases a block as large as the last 30 minutes used, and one block for a request whose answer was cut', async () => {
  const store = LocalStore.open(':memory:');
  const http = new CentralHttp({ baseUrl: proxy.url, getToken: () => kiosk.token, timeoutMs: 3000 });
  const keeper = new LeaseKeeper(store, http, () => undefined, 10);
  const now = c.clock.now();
  // A busy half hour: 46 window tickets issued here.
  for (let i = 0; i < 46; i++) {
    store.tickets.put({
      id: `t-${i}`,
      number: `A${100 + i}`,
      itemId: 'i-jzz',
      serviceDay: '2026-03-02',
      offline: false,
      ticket: { channel: 'window' },
    });
  }
  expect(keeper.target('i-jzz', now)).toBe(46);

  proxy.plan({ cut: 1 });
  await expect(keeper.topUp(items, now)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  expect(leasesAtCentral()).toHaveLength(1); // central leased it; the kiosk never heard
  proxy.plan({});
  expect(await keeper.topUp(items, now)).toBe(1);

  const atCentral = leasesAtCentral();
  expect(atCentral).toHaveLength(1);
  expect(atCentral[0]!.last_seq - atCentral[0]!.first_seq + 1).toBe(46);
  expect(store.leases.remaining('i-jzz', '2026-03-02', now)).toBe(46);
  // Enough left: nothing more is leased.
  expect(await keeper.topUp(items, now)).toBe(0);
  store.close();
});
