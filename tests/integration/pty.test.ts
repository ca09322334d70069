import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { createPtyPair, type PtyPair } from '../../native/pty/socat-pair';

function open(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const p = new SerialPort({ path, baudRate: 115200 }, (err) => (err ? reject(err) : resolve(p)));
  });
}

function readExactly(port: SerialPort, n: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const onData = (d: Buffer) => {
      chunks.push(d);
      got += d.length;
      if (got >= n) {
        port.off('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    port.on('data', onData);
  });
}

const closePort = (p: SerialPort) => new Promise<void>((r) => (p.isOpen ? p.close(() => r()) : r()));

describe('socat PTY pair with the real serialport package', () => {
  let pair: PtyPair | undefined;
  const ports: SerialPort[] = [];
  afterEach(async () => {
    for (const p of ports.splice(0)) await closePort(p);
    await pair?.close();
  });

  it('carries bytes both ways at 115200 baud, binary-safe', async () => {
    pair = await createPtyPair();
    const kiosk = await open(pair.kioskPath);
    const device = await open(pair.devicePath);
    ports.push(kiosk, device);

    // Every byte value, including XON/XOFF and 0x0A/0x0D that a cooked TTY would alter.
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const atDevice = readExactly(device, 256);
    kiosk.write(all);
    expect((await atDevice).equals(all)).toBe(true);

    const reply = Buffer.from('AAAAAA9669000400009094', 'hex');
    const atKiosk = readExactly(kiosk, reply.length);
    device.write(reply);
    expect((await atKiosk).equals(reply)).toBe(true);
  });

  it('removes the PTY links when closed', async () => {
    pair = await createPtyPair();
    const { kioskPath, devicePath } = pair;
    expect(existsSync(kioskPath) && existsSync(devicePath)).toBe(true);
    await pair.close();
    pair = undefined;
    expect(existsSync(kioskPath) || existsSync(devicePath)).toBe(false);
  });
});
