import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A pair of connected pseudo-terminals made by socat (hardware.md 3.2): one end for the kiosk-side
// driver, one for a device simulator. Used by simulators (--pty), npm start and the tests.

export interface PtyPair {
  /** The kiosk side: open this with the driver. */
  readonly kioskPath: string;
  /** The device side: the simulator listens here. */
  readonly devicePath: string;
  close(): Promise<void>;
}

export class SocatMissingError extends Error {
  constructor() {
    super('socat is not installed: run `npm run deps:system` (as root) or `apt-get install socat`.');
    this.name = 'SocatMissingError';
  }
}

export interface PtyPairOptions {
  /** Folder for the stable link names; a fresh temporary folder by default. */
  dir?: string;
  /** Base name of the links (`<name>-kiosk`, `<name>-device`). */
  name?: string;
  timeoutMs?: number;
}

export async function createPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'doorstep-pty-'));
  const name = options.name ?? 'tty';
  const kioskPath = join(dir, `${name}-kiosk`);
  const devicePath = join(dir, `${name}-device`);
  const timeoutMs = options.timeoutMs ?? 5000;

  const child = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${kioskPath}`, `pty,raw,echo=0,link=${devicePath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );

  const cleanupDir = () => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };

  await new Promise<void>((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socat did not create the PTY pair within ${timeoutMs} ms: ${stderr.trim()}`));
    }, timeoutMs);
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      cleanupDir();
      reject(err.code === 'ENOENT' ? new SocatMissingError() : err);
    });
    const onEarlyExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`socat exited (${code}) before the PTY pair was ready: ${stderr.trim()}`));
    };
    child.once('exit', onEarlyExit);
    let ready = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      if (ready) return; // socat keeps logging (e.g. "exiting on signal 15"); only the first match counts
      stderr += chunk.toString();
      // socat -d -d logs "starting data transfer loop" once both PTYs exist.
      if (stderr.includes('starting data transfer loop') && existsSync(kioskPath) && existsSync(devicePath)) {
        ready = true;
        clearTimeout(timer);
        // Only our own listener: removing all 'exit' listeners here once raced with close() and hung it.
        child.off('exit', onEarlyExit);
        resolve();
      }
    });
  });

  return {
    kioskPath,
    devicePath,
    close: () => stopSocat(child).then(cleanupDir),
  };
}

function stopSocat(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
