import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskEvent } from '../../../contract/kiosk';
import { type RunningCentral } from '../../../central/server';
import type { DriverFactory } from '../../../main/host/devices/drivers';
import { createKioskHost, type KioskHost } from '../../../main/host/host';
import { startTlsCentral, type TestChain, type TlsCentral } from '../../helpers/tls-ca';

// The kiosk's trust in central (docs/tls.md): it refuses a plain-http central URL that is not this
// machine, and with the district CA pinned it enrolls, issues a ticket and follows the event stream
// over https/wss, while a central whose certificate another CA signed gets neither the enrollment
// code nor anything else.

const noDevices: DriverFactory = {
  reader: () => {
    throw new Error('no reader in this test');
  },
  printer: () => {
    throw new Error('no printer in this test');
  },
  detect: async () => ({ reader: null, printer: null }),
};

let tls: TlsCentral;
let dir: string;
let district: TestChain;
let stranger: TestChain;
let central: RunningCentral;

beforeAll(async () => {
  tls = await startTlsCentral('doorstep-tls-kiosk-');
  ({ dir, district, stranger, central } = tls);
});

afterAll(() => tls?.close());

/** The next host event of a type, or null after `ms` (bounded: no test waits forever). */
function nextEvent(host: KioskHost, type: KioskEvent['type'], ms: number): Promise<KioskEvent | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(null);
    }, ms);
    const stop = host.subscribe((e) => {
      if (e.type !== type) return;
      clearTimeout(timer);
      stop();
      resolve(e);
    });
  });
}

describe('kiosk host and central over TLS', () => {
  it('refuses a plain-http central URL that is not this machine, from the settings and from kiosk.json', async () => {
    await expect(
      createKioskHost({
        dataDir: join(dir, 'http-arg'),
        config: { centralUrl: 'http://central.example:8080' },
        drivers: noDevices,
      }),
    ).rejects.toThrow(/centralUrl: the central URL must be https:\/\//);
    const data = join(dir, 'http-file');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'kiosk.json'), JSON.stringify({ centralUrl: 'http://10.1.2.3:8080' }));
    await expect(createKioskHost({ dataDir: data, drivers: noDevices })).rejects.toThrow(
      /kiosk\.json has invalid settings: centralUrl: the central URL must be https/,
    );
  });

  it('enrolls, issues a ticket and follows the events with the district CA pinned', async () => {
    const data = join(dir, 'pinned');
    const host = await createKioskHost({
      dataDir: data,
      config: { centralUrl: central.url, centralCa: district.root },
      enrollCode: await central.enrollmentCode('s-zhangjiang-1'),
      drivers: noDevices,
    });
    try {
      expect((await host.call('link.status', {})).enrolled).toBe(true);
      // The pin is kept with the settings (kiosk.json, 0600), so the next start trusts the same CA.
      expect(JSON.parse(readFileSync(join(data, 'kiosk.json'), 'utf8')).centralCa).toBe(district.root);
      await host.call('identity.manual', { idNumber: '11010519491231002x' });
      // The queue change comes back over the wss event stream.
      const queues = nextEvent(host, 'queues', 15_000);
      const issued = await host.call('tickets.issue', {
        itemId: 'i-sbk',
        channel: 'window',
        screenOnly: true,
      });
      expect(issued.offline).toBe(false);
      const row = await central.db.get<{ number: string }>('SELECT number FROM tickets WHERE id = ?', [
        issued.ticket.id,
      ]);
      expect(row?.number).toBe(issued.ticket.number);
      expect(await queues).not.toBeNull();
    } finally {
      await host.close();
    }
  });

  it('refuses a central whose certificate is not from the pinned CA: no enrollment, the reason logged', async () => {
    const data = join(dir, 'other-ca');
    const code = await central.enrollmentCode('s-zhangjiang-1');
    const host = await createKioskHost({
      dataDir: data,
      config: { centralUrl: central.url, centralCa: stranger.root },
      enrollCode: code,
      drivers: noDevices,
    });
    try {
      expect((await host.call('link.status', {})).enrolled).toBe(false);
      const logs = readdirSync(join(data, 'logs')).map((f) => readFileSync(join(data, 'logs', f), 'utf8'));
      expect(logs.join('\n')).toMatch(
        /UNABLE_TO_GET_ISSUER_CERT.*central's certificate is not trusted.*enrollment postponed/,
      );
    } finally {
      await host.close();
    }
    // The code never reached central: it still enrolls a kiosk that trusts the right CA.
    const good = await createKioskHost({
      dataDir: join(dir, 'after'),
      config: { centralUrl: central.url, centralCa: district.root },
      enrollCode: code,
      drivers: noDevices,
    });
    try {
      expect((await good.call('link.status', {})).enrolled).toBe(true);
    } finally {
      await good.close();
    }
  });
});
