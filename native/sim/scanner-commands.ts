import { randomBytes } from 'node:crypto';
import type { Commands } from './control';
import type { ScannerSimulator } from './scanner-sim';

// The scanner simulator's commands for stdin and the control API (POST /scan/K7Q2M9).

export function scannerCommands(sim: ScannerSimulator): Commands {
  return {
    scan: {
      help: 'scan TEXT: the scanner reads a code with this text (e.g. an appointment code)',
      run: async (args) => {
        const text = args.join(' ');
        if (!text) throw new Error('scan TEXT, e.g. scan K7Q2M9');
        await sim.scan(text);
        return `scanned "${text}"`;
      },
    },
    raw: {
      help: 'raw HEX: send these bytes as they are (e.g. raw 41420d)',
      run: async ([hex = '']) => {
        if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) throw new Error('raw HEX, pairs of hex digits');
        await sim.sendRaw(Buffer.from(hex, 'hex'));
        return `sent ${hex.length / 2} bytes`;
      },
    },
    garbage: {
      help: 'garbage [N]: N random bytes then CR (line noise, a wrong baud rate); default 64',
      run: async ([n = '64']) => {
        const count = Number(n);
        if (!Number.isInteger(count) || count < 1 || count > 65_536) throw new Error('garbage N, 1-65536');
        await sim.sendRaw(Buffer.concat([randomBytes(count), Buffer.from([0x0d])]));
        return `sent ${count} random bytes`;
      },
    },
    unplug: {
      help: 'pull the scanner out (with --pty the kiosk-side port disappears)',
      run: async () => (await sim.unplug(), 'unplugged'),
    },
    replug: {
      help: 'plug it back in (same path)',
      run: async () => (await sim.replug(), `plugged in${sim.kioskPath ? ` at ${sim.kioskPath}` : ''}`),
    },
  };
}
