import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminItem } from '../../../contract/api/admin-catalog';
import type { AdminStation } from '../../../contract/api/admin-places';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';
import { signIn, type Staff } from '../../helpers/staff';
import { nextEvent } from './events';

// Issue 12, live propagation: an administrator's change reaches a running kiosk host without a
// restart. Central appends config.changed to the centre's stream; the host reloads its station and
// catalogue copies and then tells the page (`config` event), so what the page reads next is new.
// Real central (demo seed, SQLite), real host, real event stream.

let stack: KioskStack;
let admin: Staff;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true });
  admin = await signIn(stack.centralUrl, 'admin');
});
afterAll(async () => {
  await stack?.close();
});

/** Bound for "within seconds" (issue: 5 s); generous for a loaded 2-core machine. */
const WITHIN_MS = 10_000;
const serviceDay = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('a running kiosk host follows the administrators', () => {
  it('shows a renamed station without a restart', async () => {
    const st = await admin.get<AdminStation>('/api/v1/admin/stations/s-zhangjiang-1');
    const told = nextEvent(stack.host, 'config', (e) => e.entity === 'station', WITHIN_MS);
    const { id: _id, version, ...fields } = st;
    await admin.put(`/api/v1/admin/stations/${st.id}`, {
      ...fields,
      name: { zh: '张江新站', en: 'Zhangjiang New Station' },
      version,
    });
    await told;
    const config = await stack.host.call('config.get', {});
    expect(config.stationName).toEqual({ zh: '张江新站', en: 'Zhangjiang New Station' });
  });

  it('offers a renamed item under its new name, and no longer a deactivated one', async () => {
    const item = await admin.get<AdminItem>('/api/v1/admin/items/i-flzx');
    const { id: _id, initials: _i, version, ...fields } = item as AdminItem & { initials?: string };
    let told = nextEvent(stack.host, 'config', (e) => e.entity === 'item', WITHIN_MS);
    const renamed = await admin.put<AdminItem>('/api/v1/admin/items/i-flzx', {
      ...fields,
      name: { zh: '法律咨询（新）', en: 'Legal advice (new)' },
      version,
    });
    await told;
    const named = (await stack.host.call('catalog.get', {})).items.find((i) => i.id === 'i-flzx');
    expect(named?.name.zh).toBe('法律咨询（新）');

    told = nextEvent(stack.host, 'config', (e) => e.entity === 'item', WITHIN_MS);
    await admin.put('/api/v1/admin/items/i-flzx', {
      ...fields,
      name: renamed.name,
      active: false,
      version: renamed.version,
    });
    await told;
    const ids = (await stack.host.call('catalog.get', {})).items.map((i) => i.id);
    expect(ids).not.toContain('i-flzx');
    expect(ids).toContain('i-jzz');
  });

  it('says the centre is closed on a closure day, why, when it opens next, and opens again when it is lifted', async () => {
    const day = serviceDay();
    const before = await stack.host.call('calendar.today', {});
    let told = nextEvent(stack.host, 'config', (e) => e.entity === 'calendar', WITHIN_MS);
    await admin.post('/api/v1/admin/calendar/days', {
      day,
      kind: 'closed',
      centreId: 'c-zhangjiang',
      name: { zh: '设备检修', en: 'Maintenance' },
    });
    await told;
    const closed = await stack.host.call('calendar.today', {});
    expect(closed).toMatchObject({ day, open: false, reason: { zh: '设备检修', en: 'Maintenance' } });
    expect(closed.next?.day ?? '').not.toBe('');
    expect(closed.next!.day > day).toBe(true);

    told = nextEvent(stack.host, 'config', (e) => e.entity === 'calendar', WITHIN_MS);
    await admin.delete(`/api/v1/admin/calendar/days/${day}?centreId=c-zhangjiang`);
    await told;
    expect((await stack.host.call('calendar.today', {})).open).toBe(before.open);
  });

  it("answers today's opening from its last copy while central is away", async () => {
    const online = await stack.host.call('calendar.today', {});
    await stack.stopCentral();
    try {
      expect(await stack.host.call('calendar.today', {})).toEqual(online);
    } finally {
      await stack.startCentral();
    }
  });
});
