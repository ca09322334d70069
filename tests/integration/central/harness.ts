import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import type { ServerMessage } from '../../../contract/events';
import { type RunningCentral, type StartOptions, startCentral } from '../../../central/server';
import { injectBase, injectFor, registerInject } from '../../helpers/central-inject';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';

// Shared by the central integration suites: a central service on SQLite or on a fresh database of
// one throwaway PostgreSQL per file, with real HTTP clients for kiosks and staff and a WebSocket
// event reader. With `listen: false` no socket is opened and the same clients go through
// `app.inject()` (tests/helpers/central-inject.ts): the fast layer for route tests.

export const DBS = ['sqlite', 'postgres'] as const;
export type DbKind = (typeof DBS)[number];

/** A clock the test moves by hand. */
export class TestClock {
  private since: number | null = null;
  constructor(public ms: number) {}
  readonly now = () => new Date(this.ms + (this.since === null ? 0 : Date.now() - this.since));
  advance(minutes: number) {
    this.ms += minutes * 60_000;
  }
  /** From now on the clock also moves with real time (for real timers, e.g. webhook retries). */
  run() {
    this.since ??= Date.now();
  }
}

let server: Promise<TestPostgres> | undefined;
let dbCount = 0;
/** One PostgreSQL server per test file, started on first use. */
export function postgresServer(): Promise<TestPostgres> {
  server ??= startPostgres();
  return server;
}
export async function stopPostgres(): Promise<void> {
  if (server) await (await server).stop();
  server = undefined;
}

// Response bodies are checked field by field in the tests; a loose type keeps them readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Response<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

async function call<T>(url: string, init: RequestInit): Promise<Response<T>> {
  const injected = injectFor(url);
  const res = injected ? await injected(init) : await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export class Client {
  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  get<T = Json>(path: string): Promise<Response<T>> {
    return call<T>(this.base + path, { headers: this.headers });
  }

  post<T = Json>(path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response<T>> {
    const h: Record<string, string> = { ...this.headers, ...extra };
    if (body !== undefined) h['content-type'] = 'application/json';
    return call<T>(this.base + path, {
      method: 'POST',
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  put<T = Json>(path: string, body: unknown): Promise<Response<T>> {
    return call<T>(this.base + path, {
      method: 'PUT',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  auth(): Record<string, string> {
    return { ...this.headers };
  }
}

/** A kiosk: every mutation carries a fresh Idempotency-Key unless one is given. */
export class KioskClient extends Client {
  constructor(
    base: string,
    readonly token: string,
    readonly kioskId: string,
  ) {
    super(base, { authorization: `Bearer ${token}` });
  }

  override post<T = Json>(
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Response<T>> {
    return super.post<T>(path, body, { 'idempotency-key': randomUUID(), ...extra });
  }
}

export interface TestCentral {
  kind: DbKind;
  url: string;
  dataDir: string;
  databaseUrl?: string;
  central: RunningCentral;
  clock: TestClock;
  anon: Client;
  kiosk(stationId?: string): Promise<KioskClient>;
  staff(username: string): Promise<Client & { id: string }>;
  events(centreId: string, headers: Record<string, string>, since?: number): Promise<EventReader>;
  close(): Promise<void>;
}

export async function startTestCentral(kind: DbKind, opts: Partial<StartOptions> = {}): Promise<TestCentral> {
  const dataDir = mkdtempSync(join(tmpdir(), 'doorstep-central-'));
  let databaseUrl: string | undefined;
  if (kind === 'postgres') {
    const srv = await postgresServer();
    const name = `central_${process.pid}_${++dbCount}`;
    const admin = new pg.Client({ connectionString: srv.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    databaseUrl = srv.url.replace(/\/postgres$/, `/${name}`);
  }
  const clock = new TestClock(opts.clock ? opts.clock().getTime() : Date.parse('2026-03-02T02:00:00Z')); // 10:00 in Shanghai
  const inject = opts.listen === false;
  const central = await startCentral({
    dataDir,
    seed: 'demo',
    port: 0,
    // A response that drifts from its contract schema fails the test that gets it (500).
    checkResponses: true,
    ...(inject ? { publicUrl: injectBase() } : {}),
    ...opts,
    databaseUrl,
    clock: clock.now,
  });
  const url = central.url;
  const unregister = inject ? registerInject(url, central.app) : () => undefined;
  const readers: EventReader[] = [];
  return {
    kind,
    url,
    dataDir,
    databaseUrl,
    central,
    clock,
    anon: new Client(url),
    async kiosk(stationId = 's-zhangjiang-1') {
      const code = await central.enrollmentCode(stationId);
      const r = await new Client(url).post('/api/v1/stations/enroll', { code });
      if (r.status !== 201) throw new Error(`enroll failed: ${r.status} ${JSON.stringify(r.body)}`);
      return new KioskClient(url, r.body.token, r.body.kioskId);
    },
    async staff(username: string) {
      const r = await new Client(url).post('/api/v1/auth/login', { username, password: 'doorstep-demo' });
      if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
      const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
      return Object.assign(new Client(url, { cookie, 'x-csrf-token': r.body.csrfToken }), {
        id: r.body.staff.id as string,
      });
    },
    async events(centreId, headers, since) {
      if (inject) throw new Error('event streams need a socket: start this central without listen: false');
      const q = `centreId=${centreId}${since === undefined ? '' : `&since=${since}`}`;
      const reader = await EventReader.open(`${url.replace('http', 'ws')}/api/v1/events?${q}`, headers);
      readers.push(reader);
      return reader;
    },
    async close() {
      for (const r of readers) r.close();
      await central.close();
      unregister();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reads a WebSocket event stream; `next` waits for the next message matching a predicate. */
export class EventReader {
  readonly messages: ServerMessage[] = [];
  private waiters: Array<() => void> = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.messages.push(JSON.parse(d.toString()) as ServerMessage);
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  static open(url: string, headers: Record<string, string>): Promise<EventReader> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const reader = new EventReader(ws);
      ws.once('open', () => resolve(reader));
      ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`ws ${res.statusCode}`), { status: res.statusCode })),
      );
      ws.once('error', reject);
    });
  }

  /** Waits until a message satisfies pred (checking ones already received from index `from`). */
  async waitFor<T extends ServerMessage>(
    pred: (m: ServerMessage) => m is T,
    from = 0,
    timeoutMs = 10_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(pred);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no matching event; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  events() {
    return this.messages.filter((m): m is Extract<ServerMessage, { id: number }> => 'id' in m);
  }

  close() {
    this.ws.close();
  }
}

export const ofType =
  <K extends ServerMessage['type']>(
    type: K,
    pred: (m: Extract<ServerMessage, { type: K }>) => boolean = () => true,
  ) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: K }> =>
    m.type === type && pred(m as Extract<ServerMessage, { type: K }>);

/** Valid GB 11643 numbers for tests: born on the given date (YYYYMMDD), order code varied by n. */
export function idNumber(birth: string, n = 1): string {
  const first17 = `310115${birth}${String(n % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  const check = (12 - (s % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}
