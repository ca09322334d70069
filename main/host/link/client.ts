import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { z } from 'zod';
import { OpenToday } from '../../../contract/api/admin-calendar';
import { CatalogResponse } from '../../../contract/api/catalog';
import { EnrollResponse, StationMe } from '../../../contract/api/stations';
import { PriorityClaim } from '../../../contract/api/tickets';
import { ServiceItem } from '../../../contract/catalog';
import type { EventEnvelope } from '../../../contract/events';
import { HeartbeatResponse } from '../../../contract/fleet';
import type { DeliveredCommand } from '../../../contract/commands';
import type { KioskUpdateReport } from '../../../contract/updates';
import type { KioskDeviceStatus, LinkStatus } from '../../../contract/kiosk';
import type { Log } from '../log';
import type { LocalStore, NewOutboxEntry, OutboxEntry } from '../store';
import { describeError, KioskHostError } from '../errors';
import { Backoff, Timer } from './backoff';
import { EventStream } from './event-stream';
import { CentralHttp, CentralRequestError, type Contact } from './http';
import { LeaseKeeper } from './lease-keeper';
import { LinkMonitor } from './link-status';
import { OutboxReplayer } from './outbox-replayer';
import { centralFetch } from './tls';

// The kiosk's whole relationship with central: enrollment, the event stream, the outbox, leases,
// the catalog cache and the heartbeat that reports device status. Everything else in the host asks
// this object; it never throws past `start()` when central is away, it just says `online: false`.

export interface CentralClientOptions {
  centralUrl: string;
  /** The pinned district CA, PEM (null: the system's roots). */
  ca?: string | null;
  store: LocalStore;
  log: Log;
  version: string;
  heartbeatSec: number;
  leaseBlockSize: number;
  deviceStatus: () => KioskDeviceStatus;
  diskFreeBytes: () => number | null;
  onAccepted?: (entry: OutboxEntry, answer: unknown) => void;
  /** The root-side updater's last state (issue 14), reported in the heartbeat. */
  updateReport?: () => KioskUpdateReport | undefined;
  sessionActive?: () => boolean;
}

const CATALOG_KEY = 'catalog';
const CLAIMS_KEY = 'priorityClaims';
const TODAY_KEY = 'openToday';

/** Today in the centres' zone (tickets, opening hours and the calendar are all Asia/Shanghai days). */
const serviceDay = (at = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);

export class CentralClient extends EventEmitter<{
  link: [LinkStatus];
  event: [EventEnvelope];
  /** Remote commands handed out in a heartbeat answer (issue 14). */
  commands: [DeliveredCommand[]];
}> {
  readonly http: CentralHttp;
  readonly link: LinkMonitor;
  private readonly replayer: OutboxReplayer;
  private readonly leases: LeaseKeeper;
  private stream: EventStream | undefined;
  private readonly timer = new Timer();
  private readonly retry = new Backoff(500, 10_000);
  private running = false;
  private closed = false;
  private tokenRefused = false;
  private syncing: Promise<void> | undefined;

  constructor(private readonly o: CentralClientOptions) {
    super();
    const { store } = o;
    this.link = new LinkMonitor({ enrolled: () => this.enrolled, outboxDepth: () => store.outbox.depth() });
    this.link.on('change', (s) => this.emit('link', s));
    this.http = new CentralHttp({
      baseUrl: o.centralUrl,
      getToken: () => store.station.get()?.token ?? null,
      onContact: (c) => this.onContact(c),
      fetch: centralFetch(o.ca),
    });
    this.replayer = new OutboxReplayer(store.outbox, this.http, o.log, o.onAccepted);
    this.leases = new LeaseKeeper(store, this.http, o.log, o.leaseBlockSize);
  }

  /** Enrolled and the token not refused by central (a revoked kiosk shows as not enrolled). */
  get enrolled(): boolean {
    return !this.tokenRefused && this.o.store.station.get() !== undefined;
  }

  private onContact(c: Contact): void {
    if (c.withToken && c.status === 401 && !this.tokenRefused) {
      this.tokenRefused = true;
      this.o.log('error', 'link', 'central refused the station token (revoked?): re-enroll this kiosk');
    } else if (c.withToken && c.status !== undefined && c.status < 400) {
      this.tokenRefused = false;
    }
    this.link.onContact(c);
  }

  get online(): boolean {
    return this.link.online;
  }

  get centreId(): string | null {
    return (this.o.store.station.get()?.info.centreId as string | undefined) ?? null;
  }

  /** Exchanges a one-time enrollment code for the station token, kept in the local store. */
  async enroll(code: string): Promise<void> {
    const res = await this.http.request('POST', '/api/v1/stations/enroll', {
      body: { code, kioskName: hostname().slice(0, 100) || 'kiosk' },
      auth: false,
      schema: EnrollResponse,
    });
    this.tokenRefused = false;
    this.o.store.station.set({
      stationId: res.stationId,
      token: res.token,
      info: { kioskId: res.kioskId, stationId: res.stationId, centreId: res.centreId },
      enrolledAt: new Date().toISOString(),
    });
    this.o.log('info', 'link', `enrolled as kiosk ${res.kioskId} of station ${res.stationId}`);
    await this.refreshStation().catch(() => undefined);
    this.linkChanged();
  }

  /** Starts the event stream and the sync loop (heartbeat, outbox, catalog, leases). */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  private ensureStream(): void {
    const centreId = this.centreId;
    if (this.closed || this.stream || !centreId) return;
    const { store } = this.o;
    this.stream = new EventStream({
      baseUrl: this.o.centralUrl,
      centreId,
      getToken: () => store.station.get()?.token ?? null,
      getCursor: () => store.cursor.get(),
      setCursor: (id) => store.cursor.set(id),
      log: this.o.log,
      ca: this.o.ca,
    });
    this.stream.on('open', () => {
      if (!this.running) return;
      this.link.setSocketOpen(true);
      void this.sync();
    });
    this.stream.on('close', () => {
      if (this.running) this.link.setSocketOpen(false);
    });
    this.stream.on('event', (e) => this.emit('event', e));
    this.stream.start();
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    await this.sync();
    if (!this.running) return;
    const wait = this.online ? this.o.heartbeatSec * 1000 : this.retry.next();
    if (this.online) this.retry.reset();
    this.timer.schedule(wait, () => void this.tick());
  }

  /** One round: heartbeat, outbox replay, catalog and leases. Concurrent calls share it. */
  sync(): Promise<void> {
    this.syncing ??= this.syncOnce().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    if (this.closed || !this.enrolled) return;
    try {
      await this.heartbeat();
      if (this.closed) return;
      this.ensureStream();
      this.stream?.poke();
      await this.flush();
      if (this.closed) return;
      const items = await this.refreshCatalog();
      if (this.closed) return;
      await this.leases.topUp(items);
    } catch (err) {
      const unreachable = err instanceof CentralRequestError && err.unreachable;
      this.o.log(unreachable ? 'debug' : 'warn', 'link', `sync: ${describeError(err)}`);
    } finally {
      this.linkChanged();
    }
  }

  private async heartbeat(): Promise<void> {
    await this.refreshStation();
    // Device status, outbox depth and clock skew for fleet health (contract/fleet.ts HeartbeatRequest).
    const link = this.link.status();
    const sentAt = Date.now();
    const answer = await this.http
      .request('POST', '/api/v1/stations/me/heartbeat', {
        idempotencyKey: randomUUID(),
        body: {
          appVersion: this.o.version,
          uptimeSec: Math.round(process.uptime()),
          sentAt: new Date(sentAt).toISOString(),
          devices: this.o.deviceStatus(),
          link: { outboxDepth: link.outboxDepth, clockSkewMs: link.clockSkewMs },
          diskFreeBytes: this.o.diskFreeBytes(),
          update: this.o.updateReport?.(),
          sessionActive: this.o.sessionActive?.(),
        },
        schema: HeartbeatResponse,
      })
      .catch((err: unknown) => {
        if (err instanceof CentralRequestError && err.unreachable) throw err;
        this.o.log('warn', 'link', `heartbeat refused: ${describeError(err)}`);
        return undefined;
      });
    if (answer?.serverTime) this.link.setSkew(Date.parse(answer.serverTime) - (sentAt + Date.now()) / 2);
    if (answer?.commands?.length) this.emit('commands', answer.commands);
  }

  /**
   * Reloads what an administrator may have changed (issue 12, on central's config.changed): station
   * and centre names and the catalogue. A resident's session keeps going; the page decides when to show it.
   */
  async reloadConfig(): Promise<void> {
    if (!this.enrolled || this.closed) return;
    await this.refreshStation();
    await this.refreshCatalog();
  }

  /**
   * Is the centre open today and when does it open next (GET /api/v1/calendar/today), or the last
   * answer of the same day when central is unreachable; an answer of another day is not guessed from.
   */
  async openToday(): Promise<OpenToday> {
    try {
      const today = await this.http.request('GET', '/api/v1/calendar/today', { schema: OpenToday });
      this.o.store.settings.set(TODAY_KEY, JSON.stringify(today));
      return today;
    } catch (err) {
      if (!(err instanceof CentralRequestError && err.unreachable)) throw err;
      const cached = this.o.store.settings.get(TODAY_KEY);
      const parsed = OpenToday.safeParse(cached ? (JSON.parse(cached) as unknown) : null);
      if (parsed.success && parsed.data.day === serviceDay()) return parsed.data;
      throw new KioskHostError('UNAVAILABLE', "today's opening is not known offline");
    }
  }

  private async refreshStation(): Promise<void> {
    const me = await this.http.request('GET', '/api/v1/stations/me', { schema: StationMe });
    const rec = this.o.store.station.get();
    if (rec)
      this.o.store.station.set({ ...rec, info: { ...rec.info, station: me.station, centre: me.centre } });
  }

  async refreshCatalog(): Promise<ServiceItem[]> {
    const { items, priorityClaims } = await this.http.request('GET', '/api/v1/catalog', {
      schema: CatalogResponse,
    });
    this.o.store.settings.set(CATALOG_KEY, JSON.stringify(items));
    this.o.store.settings.set(CLAIMS_KEY, JSON.stringify(priorityClaims ?? []));
    return items;
  }

  /** The priority claims central offers, as of the last catalog read (none before one). */
  priorityClaims(): PriorityClaim[] {
    const cached = this.o.store.settings.get(CLAIMS_KEY);
    const parsed = z.array(PriorityClaim).safeParse(cached ? (JSON.parse(cached) as unknown) : []);
    return parsed.success ? parsed.data : [];
  }

  /** The last catalog read from central (the page's item list, the sync loop), if any. */
  cachedCatalog(): ServiceItem[] | null {
    const cached = this.o.store.settings.get(CATALOG_KEY);
    if (!cached) return null;
    const parsed = CatalogResponse.safeParse({ items: JSON.parse(cached) as unknown });
    return parsed.success ? parsed.data.items : null;
  }

  /** The catalog from central, or the last copy when central is unreachable. */
  async catalog(): Promise<ServiceItem[]> {
    if (this.enrolled) {
      try {
        return await this.refreshCatalog();
      } catch (err) {
        if (!(err instanceof CentralRequestError && err.unreachable)) throw err;
      }
    }
    const cached = this.o.store.settings.get(CATALOG_KEY);
    if (!cached) throw new KioskHostError('UNAVAILABLE', 'no catalog cached yet');
    return CatalogResponse.parse({ items: JSON.parse(cached) as unknown }).items;
  }

  /**
   * Tops up the leased numbers now, from the cached catalog, without waiting for the next sync: called
   * after each window ticket, so a busy kiosk refills whenever the link lets one request through
   * (a half-working link may never let a whole sync round pass). Never throws.
   */
  refillLeases(): Promise<void> {
    if (this.closed || !this.enrolled) return Promise.resolve();
    const cached = this.o.store.settings.get(CATALOG_KEY);
    if (!cached) return Promise.resolve();
    const items = z.array(ServiceItem).safeParse(JSON.parse(cached) as unknown);
    if (!items.success) return Promise.resolve();
    return this.leases.topUp(items.data).then(
      () => undefined,
      (err: unknown) => {
        const unreachable = err instanceof CentralRequestError && err.unreachable;
        this.o.log(unreachable ? 'debug' : 'warn', 'leases', `refill: ${describeError(err)}`);
      },
    );
  }

  /** Appends a mutation to the outbox and tries to deliver it (and everything before it) now. */
  enqueue(entry: NewOutboxEntry): OutboxEntry {
    const e = this.o.store.outbox.enqueue(entry);
    this.linkChanged();
    void this.flush();
    return e;
  }

  async flush(): Promise<void> {
    if (!this.enrolled || this.closed) return;
    const r = await this.replayer.flush();
    this.linkChanged();
    if (r.blocked && this.online) this.o.log('debug', 'outbox', 'replay paused until central answers');
  }

  private linkChanged(): void {
    if (!this.closed) this.link.changed();
  }

  status(): LinkStatus {
    return this.link.status();
  }

  /** Stops the loop and the stream and waits for a sync or replay in flight (bounded by HTTP timeouts). */
  async close(): Promise<void> {
    this.running = false;
    this.closed = true;
    this.timer.cancel();
    this.stream?.removeAllListeners();
    this.stream?.close();
    this.stream = undefined;
    this.link.removeAllListeners();
    await this.syncing?.catch(() => undefined);
    await this.replayer.idle();
  }
}
