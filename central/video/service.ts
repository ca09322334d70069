import { DoorstepError } from '../../contract/errors';
import type { CaseIdentity, IceConfig, LinkReport, VideoCase } from '../../contract/video';
import type { StaffPrincipal, StationPrincipal, VPrincipal } from './auth';
import { CaseStore, LIVE, type CaseRow, type TicketView } from './cases';
import { turnCredential, type Sealer } from './crypto';
import type { VDb } from './db-port';
import { roleIn, SignalHub } from './hub';
import { CaseRecords } from './records';

// The video service: case transitions with their timers (ring time limit, reconnect limit), the
// identity view with its audit, ICE configuration with short-lived TURN credentials. Routes call it.
// When the ring time limit passes the ticket is recalled (the kiosk rings again) and, once its recalls
// are used up, marked no-show; when the reconnect limit passes it goes back to the head of the same
// agent's queue. Both through the central ticket service (`VideoTicketPort`), not the agent's browser.

/** The central ticket actions the video service performs on its own (as the case's agent). */
export interface VideoTicketPort {
  /** Ring timed out: recall the ticket if it has recalls left, else mark it no-show; null if not called. */
  ringTimedOut(ticketId: string, agentId: string): Promise<'recalled' | 'no_show' | null>;
  /** The call could not be restored: the ticket back to the head of the same agent's queue. */
  returnToAgent(ticketId: string, agentId: string): Promise<void>;
}

/** The timers of the time limits (injectable so tests fire them by hand). */
export interface VideoTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: VideoTimers = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class VideoService {
  readonly cases: CaseStore;
  readonly records: CaseRecords;
  readonly hub: SignalHub;
  private readonly timers = new Map<string, unknown>();

  constructor(
    db: VDb,
    private readonly sealer: Sealer,
    readonly now: () => number,
    private readonly tickets?: VideoTicketPort,
    private readonly clock: VideoTimers = realTimers,
  ) {
    this.cases = new CaseStore(db, now);
    this.records = new CaseRecords(db, sealer, now);
    this.hub = new SignalHub((id) => this.cases.row(id));
  }

  async view(id: string): Promise<VideoCase> {
    return this.cases.view(await this.cases.row(id));
  }

  async publish(id: string): Promise<VideoCase> {
    const v = await this.view(id);
    this.hub.publish(v);
    return v;
  }

  /** The case, if the principal is its agent or kiosk (or a supervisor/admin of its centre). */
  async partyCase(
    p: VPrincipal,
    id: string,
    roles: Array<'agent' | 'kiosk' | 'supervisor'>,
  ): Promise<CaseRow> {
    const c = await this.cases.row(id).catch(() => null);
    if (c) {
      const role = roleIn(p, c);
      if (role && roles.includes(role)) return c;
      if (
        roles.includes('supervisor') &&
        p.kind === 'staff' &&
        p.staff.role !== 'agent' &&
        p.staff.centreIds.includes(c.centre_id)
      )
        return c;
    }
    throw new DoorstepError('FORBIDDEN', 'not a party to this case');
  }

  async open(p: StaffPrincipal, ticketId: string): Promise<VideoCase> {
    const t = await this.cases.ticket(ticketId);
    if (t.channel !== 'video') throw new DoorstepError('BAD_REQUEST', 'not a video ticket');
    if (t.agent_id !== p.staff.id || !['called', 'serving'].includes(t.status)) {
      throw new DoorstepError('FORBIDDEN', 'call the ticket first: only its agent opens its case');
    }
    if (!t.kiosk_id) throw new DoorstepError('BAD_REQUEST', 'the ticket was not taken at a kiosk');
    return this.ring(t, { id: p.staff.id, name: p.staff.displayName });
  }

  /** Opens (or rings again) the ticket's case and arms the ring time limit. */
  private async ring(t: TicketView, agent: { id: string; name: string }): Promise<VideoCase> {
    const cfg = await this.records.config();
    const c = await this.cases.open(t, agent, cfg.ringTimeoutSec);
    this.arm(c.id, cfg.ringTimeoutSec, 'ringing', () => this.ringTimedOut(c.id, cfg.ringTimeoutSec));
    return this.publish(c.id);
  }

  /** Not accepted in time: missed; then the ticket is recalled (ringing again) or marked no-show. */
  private async ringTimedOut(id: string, sec: number): Promise<void> {
    await this.cases.setStatus(id, 'missed', 'system', { afterSec: sec });
    await this.publish(id);
    const c = await this.cases.row(id);
    const done = await this.tickets?.ringTimedOut(c.ticket_id, c.agent_id).catch(() => null);
    const now = await this.cases.row(id);
    if (now.status !== 'missed') return; // the agent acted meanwhile
    if (done === 'recalled') {
      await this.ring(await this.cases.ticket(c.ticket_id), { id: c.agent_id, name: c.agent_name });
    } else if (done === 'no_show') {
      await this.cases.log(id, 'no_show', 'system');
      await this.publish(id);
    }
  }

  /** The call could not be restored: returned, and the ticket back to the head of the agent's queue. */
  private async returned(id: string, actor: string, detail?: Record<string, unknown>): Promise<void> {
    await this.cases.setStatus(id, 'returned', actor, detail);
    await this.publish(id);
    const c = await this.cases.row(id);
    await this.tickets?.returnToAgent(c.ticket_id, c.agent_id).catch(() => undefined);
  }

  async accept(p: StationPrincipal, id: string, identity: CaseIdentity | null): Promise<VideoCase> {
    const c = await this.partyCase(p, id, ['kiosk']);
    if (c.status !== 'ringing') throw new DoorstepError('INVALID_TRANSITION', `the case is ${c.status}`);
    this.disarm(id);
    if (identity)
      await this.cases.update(id, { identity_enc: this.sealer.sealText(JSON.stringify(identity)) });
    await this.cases.setStatus(id, 'active', p.kioskId);
    return this.publish(id);
  }

  async decline(p: StationPrincipal, id: string): Promise<VideoCase> {
    const c = await this.partyCase(p, id, ['kiosk']);
    if (c.status !== 'ringing') throw new DoorstepError('INVALID_TRANSITION', `the case is ${c.status}`);
    this.disarm(id);
    await this.cases.setStatus(id, 'declined', p.kioskId);
    return this.publish(id);
  }

  /** Network trouble: reconnecting starts the limit; restored clears it; lost (or the limit) returns. */
  async link(p: VPrincipal, id: string, r: LinkReport): Promise<VideoCase> {
    const c = await this.partyCase(p, id, ['agent', 'kiosk']);
    const actor = p.kind === 'staff' ? p.staff.id : p.kioskId;
    if (!['active', 'reconnecting'].includes(c.status)) {
      throw new DoorstepError('INVALID_TRANSITION', `the case is ${c.status}`);
    }
    if (r.state === 'reconnecting' && c.status === 'active') {
      const cfg = await this.records.config();
      await this.cases.setStatus(id, 'reconnecting', actor);
      const sec = cfg.reconnectLimitSec;
      this.arm(id, sec, 'reconnecting', () => this.returned(id, 'system', { afterSec: sec }));
    } else if (r.state === 'restored' && c.status === 'reconnecting') {
      this.disarm(id);
      await this.cases.setStatus(id, 'active', actor);
    } else if (r.state === 'lost') {
      this.disarm(id);
      await this.returned(id, actor);
    }
    return this.publish(id);
  }

  /** The verified identity, to the serving agent only while the call is live; every view audited. */
  async identity(p: StaffPrincipal, id: string): Promise<CaseIdentity | null> {
    const c = await this.partyCase(p, id, ['agent']);
    if (!['active', 'reconnecting'].includes(c.status)) {
      throw new DoorstepError('FORBIDDEN', 'the identity is visible only while serving the resident');
    }
    await this.records.audit(p.staff.id, 'identity.view', id);
    return c.identity_enc ? (JSON.parse(this.sealer.openText(c.identity_enc)) as CaseIdentity) : null;
  }

  async iceConfig(p: VPrincipal): Promise<IceConfig> {
    const cfg = await this.records.config();
    const iceServers: IceConfig['iceServers'] = [];
    if (cfg.stunUrls.length) iceServers.push({ urls: cfg.stunUrls });
    let expiresAt: string | null = null;
    if (cfg.turnUrls.length && cfg.turnSecret) {
      const who = p.kind === 'staff' ? p.staff.id : p.kioskId;
      const cred = turnCredential(cfg.turnSecret, who, cfg.turnTtlSec, this.now());
      iceServers.push({ urls: cfg.turnUrls, username: cred.username, credential: cred.credential });
      expiresAt = cred.expiresAt;
    }
    return { iceServers, iceTransportPolicy: cfg.iceTransportPolicy, expiresAt };
  }

  /** After `sec`, runs `expire` if the case is still `from`. */
  private arm(id: string, sec: number, from: string, expire: () => Promise<void>): void {
    this.disarm(id);
    const timer = this.clock.set(() => {
      this.timers.delete(id);
      void (async () => {
        const c = await this.cases.row(id);
        if (c.status !== from) return;
        await expire();
      })().catch(() => undefined);
    }, sec * 1000);
    this.timers.set(id, timer);
  }

  private disarm(id: string): void {
    if (this.timers.has(id)) this.clock.clear(this.timers.get(id));
    this.timers.delete(id);
  }

  isLive(c: CaseRow): boolean {
    return LIVE.includes(c.status as never);
  }

  close(): void {
    for (const t of this.timers.values()) this.clock.clear(t);
    this.timers.clear();
    this.hub.closeAll();
  }
}
