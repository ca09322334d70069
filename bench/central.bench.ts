// The central service under load, on SQLite and on PostgreSQL, each in its own child process:
// ticket issue throughput and latency from 200 concurrent simulated kiosks, the issue → call → finish
// flow with agents draining the queue, latency at a steady 200 issues/s, and event fan-out to 2,000
// WebSocket clients. A bare Fastify endpoint returning a constant is loaded the same way in the same
// run: the ratio of ticket issues to bare requests per second is the figure that survives a noisy
// machine. Every loop is bounded by a count.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startPostgres } from '../tests/helpers/postgres';
import { invalidRun, percentile, report } from './report';

const KIOSKS = 200;
const ISSUES = 4000;
const FLOW_TICKETS = 1500;
const FLOW_AGENTS = 20;
const STEADY_RPS = 200;
const STEADY_SECONDS = 8;
const WS_CLIENTS = 2000;
const FANOUT_EVENTS = 20;

const agent = new http.Agent({ keepAlive: true, maxSockets: KIOSKS + 20 });
interface Res {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  ms: number;
}
function request(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Res> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: { ...headers, ...(data ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text,
            headers: res.headers,
            ms: performance.now() - t0,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Runs `total` calls of fn with `concurrency` workers; returns per-call latencies and the rate. */
async function closedLoop(concurrency: number, total: number, fn: (i: number) => Promise<Res>) {
  let next = 0;
  const times: number[] = [];
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const r = await fn(next++);
        if (r.status >= 300) failures++;
        times.push(r.ms);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  // Failed requests are not throughput: only successes count, and the run is reported as invalid.
  if (failures) invalidRun(`${failures} of ${total} requests failed`);
  return { perSecond: (total - failures) / seconds, times: times.sort((a, b) => a - b), failures };
}

function spawnLine(
  cmd: string,
  args: string[],
  prefix: string,
): Promise<{ child: ChildProcess; line: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(new RegExp(`^${prefix}(.*)$`, 'm'));
      if (m) resolve({ child, line: m[1]!.trim() });
    });
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

const BARE = `import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.post('/bare', async () => ({ ok: true }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log('bare: ' + url);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));`;

/** A distinct valid GB 11643 number per n: birth dates spread over 1940–2000, order code from n. */
function idNumber(n: number): string {
  const birth = new Date(Date.UTC(1940, 0, 1) + ((n * 37) % 21900) * 86_400_000).toISOString().slice(0, 10);
  const first17 = `310115${birth.replaceAll('-', '')}${String(Math.floor(n / 21900) % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  const check = (12 - (s % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}

async function bareRate(): Promise<number> {
  const { child, line: url } = await spawnLine(
    process.execPath,
    ['--input-type=module', '-e', BARE],
    'bare: ',
  );
  try {
    await closedLoop(KIOSKS, 1000, () =>
      request(`${url}/bare`, 'POST', {}, { itemId: 'i-jzz', channel: 'window' }),
    ); // warm-up
    const r = await closedLoop(KIOSKS, ISSUES, () =>
      request(
        `${url}/bare`,
        'POST',
        { 'idempotency-key': randomUUID() },
        { itemId: 'i-jzz', channel: 'window', idNumber: idNumber(1) },
      ),
    );
    return r.perSecond;
  } finally {
    await stop(child);
  }
}

async function runCentral(label: string, databaseUrl?: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-bench-'));
  const args = [
    '--import',
    'tsx',
    'central/cli.ts',
    '--port',
    '0',
    '--data',
    dataDir,
    '--seed',
    'demo',
    '--log-level',
    'warn',
  ];
  if (databaseUrl) args.push('--database-url', databaseUrl);
  const { child, line: url } = await spawnLine(process.execPath, args, 'central: ');
  try {
    const login = async (username: string) => {
      const r = await request(
        `${url}/api/v1/auth/login`,
        'POST',
        {},
        { username, password: 'doorstep-demo' },
      );
      const cookie = String(r.headers['set-cookie']?.[0]).split(';')[0]!;
      return { cookie, 'x-csrf-token': JSON.parse(r.body).csrfToken as string };
    };
    const admin = await login('admin');
    const enroll = async (stationId: string) => {
      const code = JSON.parse(
        (await request(`${url}/api/v1/admin/enrollment-codes`, 'POST', admin, { stationId })).body,
      ).code;
      return JSON.parse((await request(`${url}/api/v1/stations/enroll`, 'POST', {}, { code })).body)
        .token as string;
    };
    const tokens: string[] = [];
    for (let i = 0; i < KIOSKS; i++) tokens.push(await enroll(i % 2 ? 's-zhangjiang-1' : 's-zhangjiang-2'));
    const items = ['i-jzz', 'i-jydj', 'i-sbk', 'i-lnjt', 'i-ybdj', 'i-zmkj'];
    let n = 0;
    const issue = (i: number) =>
      request(
        `${url}/api/v1/tickets`,
        'POST',
        { authorization: `Bearer ${tokens[i % KIOSKS]}`, 'idempotency-key': randomUUID() },
        { itemId: items[i % items.length], channel: 'window', idNumber: idNumber(n++) },
      );

    await closedLoop(KIOSKS, 500, issue); // warm-up
    const bare = await bareRate();
    const a = await closedLoop(KIOSKS, ISSUES, issue);
    report({
      name: `${label}: tickets issued per second (200 kiosks)`,
      value: a.perSecond,
      unit: '/s',
      target: '>= 1000 on SQLite',
    });
    report({ name: `${label}: issue latency p50`, value: percentile(a.times, 50), unit: 'ms' });
    report({ name: `${label}: issue latency p99`, value: percentile(a.times, 99), unit: 'ms' });
    report({ name: `${label}: bare Fastify endpoint, same load`, value: bare, unit: '/s' });
    report({
      name: `${label}: ratio of ticket issues to bare requests per second`,
      value: a.perSecond / bare,
      unit: 'x',
      target: '>= 0.5',
    });

    // Issue → call → finish: kiosks issue while 20 agents of the centre drain the queue.
    const groups = ['residence', 'social-security', 'civil-affairs', 'health', 'legal', 'community'];
    for (let i = 0; i < FLOW_AGENTS; i++) {
      await request(`${url}/api/v1/admin/staff`, 'POST', admin, {
        username: `bench${i}`,
        displayName: `Bench agent ${i}`,
        role: 'agent',
        centreIds: ['c-zhangjiang'],
        skillGroups: groups,
        password: 'bench-password',
      });
    }
    const agents = await Promise.all(
      Array.from({ length: FLOW_AGENTS }, async (_, i) => {
        const r = await request(
          `${url}/api/v1/auth/login`,
          'POST',
          {},
          { username: `bench${i}`, password: 'bench-password' },
        );
        return {
          cookie: String(r.headers['set-cookie']?.[0]).split(';')[0]!,
          'x-csrf-token': JSON.parse(r.body).csrfToken as string,
        };
      }),
    );
    const callTimes: number[] = [];
    let finished = 0;
    let issuing = true;
    const t0 = performance.now();
    const drain = async (h: Record<string, string>) => {
      for (let guard = 0; guard < 100_000 && (issuing || finished < FLOW_TICKETS); guard++) {
        const r = await request(`${url}/api/v1/agents/me/call-next`, 'POST', h, {});
        callTimes.push(r.ms);
        const t = JSON.parse(r.body).ticket as { id: string } | null;
        if (!t) {
          if (!issuing) return;
          continue;
        }
        await request(`${url}/api/v1/tickets/${t.id}/start`, 'POST', h);
        await request(`${url}/api/v1/tickets/${t.id}/finish`, 'POST', h, { outcome: 'done' });
        finished++;
      }
    };
    const flow = await Promise.all([
      closedLoop(KIOSKS, FLOW_TICKETS, issue).finally(() => (issuing = false)),
      ...agents.map(drain),
    ]);
    const flowSeconds = (performance.now() - t0) / 1000;
    callTimes.sort((x, y) => x - y);
    report({
      name: `${label}: issue→call→finish, tickets finished per second (${FLOW_AGENTS} agents)`,
      value: finished / flowSeconds,
      unit: '/s',
    });
    report({
      name: `${label}: issue latency p99 during the flow`,
      value: percentile(flow[0].times, 99),
      unit: 'ms',
    });
    report({
      name: `${label}: call-next latency p99 during the flow`,
      value: percentile(callTimes, 99),
      unit: 'ms',
    });

    // A steady 200 issues per second.
    const steady: number[] = [];
    const pending: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < STEADY_RPS * STEADY_SECONDS; i++) {
      const due = start + (i * 1000) / STEADY_RPS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(issue(i).then((r) => void steady.push(r.ms)));
    }
    await Promise.all(pending);
    steady.sort((x, y) => x - y);
    report({
      name: `${label}: issue latency p50 at ${STEADY_RPS}/s`,
      value: percentile(steady, 50),
      unit: 'ms',
    });
    report({
      name: `${label}: issue latency p99 at ${STEADY_RPS}/s`,
      value: percentile(steady, 99),
      unit: 'ms',
      target: '< 50',
    });

    // Fan-out: 2,000 WebSocket clients of one centre; time from the issue request to each client.
    const huamu = await enroll('s-huamu-1');
    const sockets: WebSocket[] = [];
    const arrivals = new Map<string, number[]>();
    const wsUrl = `${url.replace('http', 'ws')}/api/v1/events?centreId=c-huamu`;
    for (let i = 0; i < WS_CLIENTS; i += 100) {
      await Promise.all(
        Array.from(
          { length: Math.min(100, WS_CLIENTS - i) },
          () =>
            new Promise<void>((resolve, reject) => {
              const ws = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${huamu}` } });
              ws.on('message', (d) => {
                const m = JSON.parse(d.toString()) as {
                  type: string;
                  data?: { ticket?: { number: string } };
                };
                if (m.type === 'ticket.issued') {
                  const list = arrivals.get(m.data!.ticket!.number) ?? [];
                  list.push(performance.now());
                  arrivals.set(m.data!.ticket!.number, list);
                }
              });
              ws.once('open', () => resolve());
              ws.once('error', reject);
              sockets.push(ws);
            }),
        ),
      );
    }
    const fan: number[] = [];
    for (let i = 0; i < FANOUT_EVENTS; i++) {
      const sent = performance.now();
      const r = await request(
        `${url}/api/v1/tickets`,
        'POST',
        { authorization: `Bearer ${huamu}`, 'idempotency-key': randomUUID() },
        {
          itemId: 'i-sbk',
          channel: 'window',
          idNumber: idNumber(900_000 + i),
        },
      );
      const number = JSON.parse(r.body).number as string;
      for (let wait = 0; wait < 200 && (arrivals.get(number)?.length ?? 0) < WS_CLIENTS; wait++) {
        await new Promise((res) => setTimeout(res, 25));
      }
      for (const t of arrivals.get(number) ?? []) fan.push(t - sent);
      if ((arrivals.get(number)?.length ?? 0) < WS_CLIENTS)
        console.log(`${label}: event ${number} reached ${arrivals.get(number)?.length ?? 0} clients`);
    }
    fan.sort((x, y) => x - y);
    report({
      name: `${label}: event fan-out to ${WS_CLIENTS} WebSocket clients p50`,
      value: percentile(fan, 50),
      unit: 'ms',
    });
    report({
      name: `${label}: event fan-out to ${WS_CLIENTS} WebSocket clients p99`,
      value: percentile(fan, 99),
      unit: 'ms',
      target: '< 500',
    });
    for (const ws of sockets) ws.terminate();
  } finally {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await runCentral('SQLite');
const pg = await startPostgres();
try {
  await runCentral('PostgreSQL', pg.url);
} finally {
  await pg.stop();
}
agent.destroy();
