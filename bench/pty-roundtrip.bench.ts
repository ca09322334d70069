// The floor under every device figure: round trip of a 1,295-byte frame (an ID-card read reply)
// through a socat PTY pair at 115200 baud with the real serialport package.
import { SerialPort } from 'serialport';
import { createPtyPair } from '../native/pty/socat-pair';
import { percentile, report } from './report';

const FRAME = 1295;
const ROUNDS = 200;

function open(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const p = new SerialPort({ path, baudRate: 115200 }, (err) => (err ? reject(err) : resolve(p)));
  });
}

const pair = await createPtyPair();
const kiosk = await open(pair.kioskPath);
const device = await open(pair.devicePath);
device.on('data', (d: Buffer) => device.write(d)); // echo

const frame = Buffer.alloc(FRAME, 0xa5);
const times: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t0 = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    let got = 0;
    const onData = (d: Buffer) => {
      got += d.length;
      if (got >= FRAME) {
        kiosk.off('data', onData);
        resolve();
      }
    };
    kiosk.on('data', onData);
    kiosk.write(frame);
  });
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
const wireMs = ((FRAME * 10) / 115200) * 1000 * 2;
report({ name: 'pty round trip 1295 B p50', value: percentile(times, 50), unit: 'ms' });
report({ name: 'pty round trip 1295 B p99', value: percentile(times, 99), unit: 'ms' });
report({
  name: 'real UART wire time of the same round trip at 115200 8N1 (computed)',
  value: wireMs,
  unit: 'ms',
});
console.log('note: a PTY does not throttle to the baud rate; real serial adds the wire time above.');
await new Promise((r) => kiosk.close(r));
await new Promise((r) => device.close(r));
await pair.close();
