import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskStack, type KioskStack } from '../../helpers/kiosk-stack';
import { codeOf, nextEvent } from './events';

// Technician mode on a real kiosk stack: PIN, auto-detect over the PTYs, test print, link facts, logs.

let stack: KioskStack;
beforeAll(async () => {
  stack = await startKioskStack({ headless: true, pin: '482913' });
});
afterAll(async () => {
  await stack?.close();
});

describe('technician mode', () => {
  it('needs the provisioning PIN', async () => {
    expect(await codeOf(stack.host.call('tech.info', {}))).toBe('FORBIDDEN');
    expect(await stack.host.call('tech.unlock', { pin: '123456' })).toEqual({ ok: false });
    expect(await stack.host.call('tech.unlock', { pin: '482913' })).toEqual({ ok: true });
  });

  it('shows devices, the central link with clock skew, version and disk', async () => {
    await stack.host.call('tech.unlock', { pin: '482913' });
    const info = await stack.host.call('tech.info', {});
    expect(info.devices).toMatchObject({ reader: { state: 'ok' }, printer: { state: 'ok' }, canPrint: true });
    expect(info.link).toMatchObject({ online: true, enrolled: true, outboxDepth: 0 });
    expect(typeof info.link.clockSkewMs).toBe('number');
    expect(Math.abs(info.link.clockSkewMs!)).toBeLessThan(2000);
    expect(info.stationId).toBe('s-zhangjiang-1');
    expect(info.diskFreeBytes).toBeGreaterThan(0);
  });

  it('prints a test ticket the technician can read', async () => {
    await stack.host.call('tech.unlock', { pin: '482913' });
    const paper = stack.printerSim.nextTicket(15_000);
    expect(await stack.host.call('tech.testPrint', {})).toEqual({ printed: true, reason: null });
    const text = (await paper).transcript; // nextTicket resolves on the cut: the page was cut
    expect(text).toContain('打印测试');
    // The station once per language, the time in Shanghai (not UTC ISO), and a QR code.
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(UTC\+8\)/);
    const stationLine = text.split('\n').find((l) => l.includes('站点'))!;
    const [zhPart] = stationLine.split(' / ');
    expect(stationLine.split(zhPart!.replace('站点：', '')).length - 1).toBe(1);
    expect(text).toMatch(/\[QR \w+ doorstep-test:s-zhangjiang-1\]/);
  });

  it('auto-detects the reader and the printer on their ports and keeps working', async () => {
    await stack.host.call('tech.unlock', { pin: '482913' });
    const before = await stack.host.call('devices.status', {});
    const found = await stack.host.call('tech.detect', {});
    expect(found).toEqual({ reader: before.reader.port, printer: before.printer.port });
    await stack.host.call('session.end', {}); // out of technician mode: a card is a resident's again
    const identity = nextEvent(stack.host, 'identity');
    stack.idcardSim.placeCard(0);
    expect((await identity).identity.name).toBe(stack.idcardSim.cards[0]!.fields.name);
  });

  it('moves a device to another port and remembers it in kiosk.json', async () => {
    await stack.host.call('tech.unlock', { pin: '482913' });
    const { reader } = await stack.host.call('devices.status', {});
    const moved = await stack.host.call('tech.setPorts', {
      reader: { path: '/dev/doorstep-no-such-port', baudRate: 115200 },
    });
    expect(moved.reader).toMatchObject({ port: '/dev/doorstep-no-such-port' });
    expect(moved.reader.state).not.toBe('ok');
    const ready = nextEvent(stack.host, 'devices', (e) => e.status.reader.state === 'ok');
    const back = await stack.host.call('tech.setPorts', { reader: { path: reader.port!, baudRate: 115200 } });
    expect(back.reader.port).toBe(reader.port);
    await ready;
    const saved = JSON.parse(readFileSync(join(stack.host.dataDir, 'kiosk.json'), 'utf8')) as {
      reader: { path: string };
    };
    expect(saved.reader.path).toBe(reader.port);
    await stack.host.call('session.end', {}); // out of technician mode: a card is a resident's again
    const identity = nextEvent(stack.host, 'identity');
    stack.idcardSim.removeCard();
    stack.idcardSim.placeCard(1);
    expect((await identity).identity.name).toBe(stack.idcardSim.cards[1]!.fields.name);
  });

  it('exports the log with ID numbers masked', async () => {
    await stack.host.call('tech.unlock', { pin: '482913' });
    const { path } = await stack.host.call('tech.exportLogs', {});
    expect(existsSync(path)).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('card placed');
    expect(text).not.toContain(stack.idcardSim.cards[0]!.fields.idNumber);
  });

  it('writes the log to a USB stick when one is plugged in, and says when it cannot', async () => {
    await stack.host.call('tech.unlock', { pin: '482913' });
    const root = mkdtempSync(join(tmpdir(), 'doorstep-usb-'));
    const stick = join(root, 'media', 'KINGSTON');
    mkdirSync(stick, { recursive: true });
    const mounts = join(root, 'mounts');
    writeFileSync(mounts, `/dev/sda1 ${stick} vfat rw,nosuid,nodev,relatime 0 0\n`);
    process.env.DOORSTEP_USB_MOUNTS = mounts;
    process.env.DOORSTEP_USB_ROOTS = join(root, 'media');
    try {
      const r = await stack.host.call('tech.exportLogs', {});
      expect(r.usb).toBe(true);
      expect(r.path.startsWith(join(stick, 'doorstep-logs'))).toBe(true);
      const text = readFileSync(r.path, 'utf8');
      expect(text).toContain('card placed');
      expect(text).not.toContain(stack.idcardSim.cards[0]!.fields.idNumber);
      // A stick that cannot be written (here: a file where the folder must go) is said so, in words.
      rmSync(join(stick, 'doorstep-logs'), { recursive: true });
      writeFileSync(join(stick, 'doorstep-logs'), '');
      const refused = await stack.host.call('tech.exportLogs', {}).catch((e: unknown) => e);
      expect((refused as { body?: { error: { code: string } } }).body?.error.code).toBe('USB_WRITE_FAILED');
      // Pulled out: the log stays on the kiosk, and the answer says so.
      writeFileSync(mounts, '');
      expect((await stack.host.call('tech.exportLogs', {})).usb).toBe(false);
    } finally {
      delete process.env.DOORSTEP_USB_MOUNTS;
      delete process.env.DOORSTEP_USB_ROOTS;
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('shows what the printer answered and the profile in use; a profile set by the technician is kept', async () => {
    await stack.host.call('tech.unlock', { pin: '482913' });
    const info = await stack.host.call('tech.info', {});
    expect(info.devices.printer).toMatchObject({
      capabilities: { transmitStatus: true, completion: 'transmit_status' },
      profile: { family: 'gb18030-80', source: 'default' },
    });
    expect(info.devices.printer.found).toContain('end of job by GS r 1');
    const set = await stack.host.call('tech.setPorts', { printerProfile: { family: 'gbk-80' } });
    expect(set.printer).toMatchObject({
      state: 'ok',
      profile: { family: 'gbk-80', codePage: 'gbk', source: 'technician' },
    });
    const saved = JSON.parse(readFileSync(join(stack.host.dataDir, 'kiosk.json'), 'utf8')) as {
      printer: { profile: { family?: string } };
    };
    expect(saved.printer.profile.family).toBe('gbk-80');
    const paper = stack.printerSim.nextTicket(15_000);
    expect(await stack.host.call('tech.testPrint', {})).toEqual({ printed: true, reason: null });
    expect((await paper).transcript).toContain('打印测试');
  });
});
