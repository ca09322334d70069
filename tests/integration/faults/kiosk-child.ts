import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { bundleOnce } from './bundle';

// The test side of kiosk-process.ts: a kiosk host in its own process group (the host, its socat
// PTYs and simulators die together under kill -9, like a kiosk losing power), and what the "page"
// was told. Bundled once per test process like central (bundle.ts): through tsx a start took
// seconds more on a loaded machine.

export interface Told {
  number: string;
  offline: boolean;
  id: string;
}

export interface KioskChild {
  /** Every ticket the page was told it has, over every run of the host. */
  readonly told: Told[];
  /** Refusal codes the page was told, over every run. */
  readonly refused: string[];
  /** Starts the host (again) on the same data folder; resolves once it serves. */
  start(): Promise<void>;
  /** One resident per ID number takes a window ticket; resolves when the burst is done. */
  burst(ids: string[], itemId: string): Promise<void>;
  /** Resolves once `n` tickets in all were told (or the burst ended, or the host died). */
  toldAtLeast(n: number): Promise<void>;
  /** Heartbeat, outbox replay and leases now; the outbox depth after it. */
  sync(): Promise<number>;
  /** SIGKILL to the whole process group; resolves once the host is gone. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

const START_MS = 120_000;

export async function kioskChild(o: { centralUrl: string; dataDir: string }): Promise<KioskChild> {
  const script = await bundleOnce('kiosk-process.ts', 'kiosk');
  const logFile = join(import.meta.dirname, '../../../.tmp/faults', `kiosk-${process.pid}.log`);
  mkdirSync(dirname(logFile), { recursive: true });
  const told: Told[] = [];
  const refused: string[] = [];
  let child: ChildProcess | null = null;
  // Waiters on the host's lines; every one is also released when the host exits.
  let waiters: Array<{ test: (line: string) => boolean; resolve: (line: string | null) => void }> = [];
  // With no host running, no line will come: resolved at once (a wait begun after a kill).
  const waitLine = (test: (line: string) => boolean) =>
    child ? new Promise<string | null>((resolve) => waiters.push({ test, resolve })) : Promise.resolve(null);
  const onLine = (line: string) => {
    if (line.startsWith('told ')) told.push(JSON.parse(line.slice(5)) as Told);
    if (line.startsWith('refused ')) refused.push((JSON.parse(line.slice(8)) as { code: string }).code);
    for (const w of waiters.filter((x) => x.test(line))) w.resolve(line);
    waiters = waiters.filter((x) => !x.test(line));
  };
  const send = (c: unknown) => child?.stdin?.write(`${JSON.stringify(c)}\n`);
  const start = async () => {
    const c = spawn(process.execPath, [script], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // its own process group: kill9 takes the socat PTYs with it
      env: { ...process.env, DOORSTEP_FAULT_KIOSK: JSON.stringify(o) },
    });
    child = c;
    createInterface({ input: c.stdout! }).on('line', onLine);
    c.stderr!.on('data', (d: Buffer) => appendFileSync(logFile, d));
    c.once('exit', (code, signal) => {
      appendFileSync(logFile, `\n[kiosk exited ${code ?? signal}]\n`);
      if (child === c) child = null;
      for (const w of waiters.splice(0)) w.resolve(null);
    });
    let timer: NodeJS.Timeout | undefined;
    const ready = await Promise.race([
      waitLine((l) => l === 'kiosk: ready'),
      new Promise<null>((r) => (timer = setTimeout(() => r(null), START_MS))),
    ]);
    clearTimeout(timer);
    if (ready === null) throw new Error(`the kiosk host did not start (see ${logFile})`);
  };
  const killGroup = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null || c.pid === undefined) return;
    const gone = new Promise((r) => c.once('exit', r));
    try {
      process.kill(-c.pid, signal);
    } catch {
      c.kill(signal);
    }
    await gone;
  };
  return {
    told,
    refused,
    start,
    async burst(ids, itemId) {
      const done = waitLine((l) => l === 'burst-done');
      send({ op: 'burst', ids, itemId });
      await done;
    },
    async toldAtLeast(n) {
      if (told.length >= n) return;
      await waitLine((l) => l === 'burst-done' || (l.startsWith('told ') && told.length >= n));
    },
    async sync() {
      const done = waitLine((l) => l.startsWith('synced ') || l.startsWith('error '));
      send({ op: 'sync' });
      const line = await done;
      if (!line?.startsWith('synced ')) throw new Error(`sync failed: ${line ?? 'the host exited'}`);
      return Number(line.slice(7));
    },
    kill9: () => killGroup('SIGKILL'),
    stop: () => killGroup('SIGTERM'),
  };
}
