import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVideoStack, type VideoStack } from './video-stack';

// Debian's coturn for the relay test, on loopback with a temporary config. `allow-loopback-peers` is
// here only: both relays live on 127.0.0.1, which coturn refuses as a peer address otherwise. The
// production setup (docs/turn.md) never has it.

export interface TestTurn {
  url: string;
  secret: string;
  /** Freezes the relay (SIGSTOP): every packet through it is lost, as on a cut network. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

/** A port free on loopback for UDP and for TCP (coturn listens on both), or null when TCP has it. */
function freeUdpPort(): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => {
        const t = createServer();
        t.once('error', () => resolve(null));
        t.listen(port, '127.0.0.1', () => t.close(() => resolve(port)));
      });
    });
  });
}

/** Ready when it answers a STUN Binding request (RFC 5389), asked every 100 ms until the deadline. */
function stunAnswers(port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const request = Buffer.concat([
      Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]),
      randomBytes(12),
    ]);
    const ask = setInterval(() => sock.send(request, port, '127.0.0.1'), 100);
    const done = (err?: Error) => {
      clearInterval(ask);
      clearTimeout(deadline);
      sock.close();
      if (err) reject(err);
      else resolve();
    };
    const deadline = setTimeout(
      () => done(new Error(`coturn gave no STUN answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    sock.on('message', (m) => {
      if (m.readUInt16BE(0) === 0x0101) done(); // Binding success response
    });
    sock.on('error', (e) => done(e));
  });
}

/**
 * coturn on a free port. The port is free when chosen, but another process of the suite may take it
 * (for TCP) before coturn binds it, so a start that never answers is retried on another port.
 */
export async function startCoturn(): Promise<TestTurn> {
  let last: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freeUdpPort();
    if (port === null) continue;
    try {
      return await startCoturnOn(port);
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error('no free port for coturn');
}

async function startCoturnOn(port: number): Promise<TestTurn> {
  const dir = mkdtempSync(join(tmpdir(), 'doorstep-turn-'));
  const secret = randomBytes(24).toString('hex');
  const conf = join(dir, 'turnserver.conf');
  writeFileSync(
    conf,
    [
      `listening-ip=127.0.0.1`,
      `relay-ip=127.0.0.1`,
      `listening-port=${port}`,
      `min-port=${port + 1}`,
      `max-port=${port + 200}`,
      'use-auth-secret',
      `static-auth-secret=${secret}`,
      'realm=doorstep.test',
      'allow-loopback-peers', // test only: never in production configuration
      'no-tls',
      'no-dtls',
      'no-cli',
      'no-multicast-peers',
      'fingerprint',
      'log-file=stdout',
      `pidfile=${join(dir, 'turnserver.pid')}`,
      `userdb=${join(dir, 'turndb')}`,
    ].join('\n') + '\n',
  );
  const proc: ChildProcess = spawn('turnserver', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  proc.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code) => reject(new Error(`coturn exited (${code}):\n${log.slice(-2000)}`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([
      stunAnswers(port, 10_000).catch((e: Error) => {
        throw new Error(`${e.message}\n${log.slice(-2000)}`);
      }),
      exited,
    ]);
  } catch (err) {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    freeze: () => proc.kill('SIGSTOP'),
    thaw: () => proc.kill('SIGCONT'),
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGCONT');
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The video stack with every call forced through a coturn relay on loopback (iceTransportPolicy
 * 'relay'), credentials minted by the central service; `config` adds to the video configuration.
 * `close` stops both.
 */
export async function startRelayedVideoStack(
  config: Record<string, unknown> = {},
): Promise<{ s: VideoStack; turn: TestTurn; close(): Promise<void> }> {
  const turn = await startCoturn();
  let s: VideoStack | undefined;
  try {
    s = await startVideoStack();
    await s.admin.put('/api/v1/admin/video-config', {
      turnUrls: [turn.url],
      turnSecret: turn.secret,
      iceTransportPolicy: 'relay',
      ...config,
    });
  } catch (err) {
    await s?.close();
    await turn.stop();
    throw err;
  }
  const stack = s;
  return {
    s: stack,
    turn,
    close: async () => {
      await stack.close();
      await turn.stop();
    },
  };
}
