import { DoorstepError } from '../../contract/errors';
import type {
  CaseIdentity,
  IceConfig,
  LinkReport,
  RelayBody,
  VideoCase,
  VideoRole,
} from '../../contract/video';
import type { CaseForm } from '../../contract/video-forms';
import type { QualityReport } from '../../contract/video-quality';
import type { TicketSettled } from '../services/ticket-actions';
import type { StaffPrincipal, StationPrincipal, VPrincipal } from './auth';
import { CaseStore, LIVE, type CaseRow, type TicketView } from './cases';
import { turnCredential, type Sealer } from './crypto';
import type { VDb } from './db-port';
import { CaseForms } from './forms';
import { roleIn, SignalHub } from './hub';
import { CaseRecords } from './records';

// The video service: case transitions with their timers (ring time limit, reconnect limit), the
// identity view with its audit, ICE configuration with short-lived TURN credentials. Routes call it.
// When the ring time limit passes the ticket is recalled (the kiosk rings again) and, once its recalls
// are used up, marked no-show; when the reconnect limit passes it goes back to the head of the same
// agent's queue. Both through the central ticket service (`VideoTicketPort`), not the agent's browser.

/** Why central acts on a ticket by itself, for the audit (actor 'system', this reason). */
export interface SystemCause {
  reason: 'ring-timeout' | 'reconnect-timeout' | 'call-lost';
  caseNumber: string;
  /** call-lost: the party that reported the call lost. */
  reportedBy?: string;
}

/** The central ticket actions the video service performs on its own (for the case's agent). */
export interface VideoTicketPort {
  /** Ring timed out: recall the ticket if it has recalls left, else mark it no-show; null if not called. */
  ringTimedOut(ticketId: string, agentId: string, why: SystemCause): Promise<'recalled' | 'no_show' | null>;
  /** The call could not be restored: the ticket back to the head of the same agent's queue. */
  returnToAgent(ticketId: string, agentId: string, why: SystemCause): Promise<void>;
  /** The resident's phone page of the ticket (/t/{id} at the centre's public URL): printed on the 回执. */
  statusUrl?(ticketId: string, centreId: string): string;
}

/** Where the service reports what a technician should see (pino's shape; the central app's logger). */
export interface VideoLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}
const silent: VideoLog = { info: () => undefined, warn: () => undefined };

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
  readonly forms: CaseForms;
  readonly hub: SignalHub;
  private readonly timers = new Map<string, unknown>();

  constructor(
    db: VDb,
    private readonly sealer: Sealer,
    readonly now: () => number,
    private readonly tickets?: VideoTicketPort,
    private readonly clock: VideoTimers = realTimers,
    private readonly log: VideoLog = silent,
  ) {
    this.cases = new CaseStore(db, now, tickets?.statusUrl?.bind(tickets));
    this.records = new CaseRecords(db, sealer, now);
    this.forms = new CaseForms(db, sealer, now);
    this.hub = new SignalHub(
      (id) => this.cases.row(id),
      (c, from, body) => this.onRelay(c, from, body),
    );
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
  private async ring(
    t: TicketView,
    agent: { id: string; name: string },
    system?: SystemCause,
  ): Promise<VideoCase> {
    const cfg = await this.records.config();
    const c = await this.cases.open(t, agent, cfg.ringTimeoutSec, system && { reason: system.reason });
    this.arm(c.id, cfg.ringTimeoutSec, 'ringing', () => this.ringTimedOut(c.id, cfg.ringTimeoutSec));
    return this.publish(c.id);
  }

  /** Not accepted in time: missed; then the ticket is recalled (ringing again) or marked no-show. */
  private async ringTimedOut(id: string, sec: number): Promise<void> {
    const reason = 'ring-timeout';
    await this.cases.setStatus(id, 'missed', 'system', { afterSec: sec, reason });
    await this.publish(id);
    const c = await this.cases.row(id);
    const why: SystemCause = { reason, caseNumber: c.case_number };
    let done: 'recalled' | 'no_show' | null;
    try {
      done = (await this.tickets?.ringTimedOut(c.ticket_id, c.agent_id, why)) ?? null;
    } catch (err) {
      this.failed(c, reason, 'could not recall the ticket or mark it no-show', err);
      return;
    }
    const now = await this.cases.row(id);
    if (now.status !== 'missed') return; // the agent acted meanwhile
    if (done === 'recalled') {
      await this.ring(await this.cases.ticket(c.ticket_id), { id: c.agent_id, name: c.agent_name }, why);
    } else if (done === 'no_show') {
      await this.cases.log(id, 'no_show', 'system', { reason, agentId: c.agent_id });
      await this.publish(id);
    } else if (this.tickets) {
      this.log.info(this.context(c, reason), 'ring time limit passed; the ticket is no longer called');
    }
  }

  /**
   * The ticket service finished, marked no-show or transferred a ticket (whichever client did it, e.g.
   * a console reloaded after the call dropped, which no longer knows the case): its open case is closed
   * or settled the way the call view does it, and both parties hear it. Finished: the case ends with the
   * outcome (the kiosk then asks for the rating and prints the receipt). No-show: a ring or call still
   * going is missed, with `no_show` on the timeline. Transferred: a live case is returned (the next
   * agent who calls the ticket rings it again), with the note. A case already ended, declined or
   * returned keeps its state; central's own acts (the time limits) settle their case themselves.
   */
  async ticketSettled(e: TicketSettled): Promise<void> {
    if (e.system || e.channel !== 'video') return;
    const c = await this.cases.carriedOver(e.ticketId);
    if (!c) return;
    const why = `ticket-${e.action}`;
    try {
      const live = ['ringing', 'missed', 'active', 'reconnecting'].includes(c.status);
      if (e.action !== 'finish' && !live) return;
      this.disarm(c.id);
      const addNote = async (note: string | null) => {
        if (note) await this.cases.update(c.id, { notes: c.notes ? `${c.notes}\n${note}` : note });
      };
      if (e.action === 'finish') {
        await addNote(e.note);
        await this.cases.finish(c.id, e.outcome ?? 'done', [], e.actorId, { via: 'ticket' });
      } else if (e.action === 'no-show') {
        if (c.status !== 'missed')
          await this.cases.setStatus(c.id, 'missed', e.actorId, { reason: 'no-show' });
        await this.cases.log(c.id, 'no_show', e.actorId);
      } else {
        await addNote(e.note);
        await this.cases.setStatus(c.id, 'returned', e.actorId, { transfer: true, via: 'ticket' });
      }
      await this.publish(c.id);
    } catch (err) {
      // E.g. the call view finished the case at the same moment: it is closed either way.
      if (err instanceof DoorstepError && err.code === 'INVALID_TRANSITION') return;
      this.failed(c, why, 'could not close or settle the case of the ticket', err);
    }
  }

  /** The call could not be restored: returned, and the ticket back to the head of the agent's queue. */
  private async returned(id: string, actor: string, detail?: Record<string, unknown>): Promise<void> {
    const reason = actor === 'system' ? 'reconnect-timeout' : 'call-lost';
    await this.cases.setStatus(id, 'returned', actor, { ...detail, reason });
    await this.publish(id);
    const c = await this.cases.row(id);
    const why: SystemCause = {
      reason,
      caseNumber: c.case_number,
      ...(actor === 'system' ? {} : { reportedBy: actor }),
    };
    try {
      await this.tickets?.returnToAgent(c.ticket_id, c.agent_id, why);
    } catch (err) {
      this.failed(c, reason, "could not return the ticket to the head of the agent's queue", err);
    }
  }

  /** What a technician needs to find the case: numbers and ids, never personal data. */
  private context(c: CaseRow, reason: string): Record<string, unknown> {
    return {
      caseNumber: c.case_number,
      ticketNumber: c.ticket_number,
      caseId: c.id,
      ticketId: c.ticket_id,
      agentId: c.agent_id,
      centreId: c.centre_id,
      reason,
    };
  }

  /** An automatic ticket action failed (e.g. the agent acted on the ticket at the same moment). */
  private failed(c: CaseRow, reason: string, what: string, err: unknown): void {
    const e = err as { code?: unknown; message?: unknown };
    this.log.warn(
      {
        ...this.context(c, reason),
        error: { code: typeof e?.code === 'string' ? e.code : undefined, message: String(e?.message ?? err) },
      },
      `video ${reason}: ${what} (case ${c.case_number}, ticket ${c.ticket_number})`,
    );
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

  /**
   * The agent's side reports the call quality (issue 19): kept on the timeline (`quality`) for the
   * reports, never published (a figure is no news to either screen). Only while the call is live or
   * just after it (the final summary comes as the case ends or goes back to the queue).
   */
  async quality(p: StaffPrincipal, id: string, r: QualityReport): Promise<VideoCase> {
    const c = await this.partyCase(p, id, ['agent']);
    if (!['active', 'reconnecting', 'ended', 'returned'].includes(c.status)) {
      throw new DoorstepError('INVALID_TRANSITION', `no call to report on; the case is ${c.status}`);
    }
    await this.cases.log(id, 'quality', p.staff.id, { ...r });
    return this.view(id);
  }

  /** Records what the case keeps from the relay (pushed forms, replies) and refuses a bad reply. */
  private async onRelay(c: CaseRow, from: VideoRole, body: RelayBody): Promise<RelayBody> {
    if (body.kind === 'media' && body.step === 'accept') {
      // Audio-only agreed (or video back): the reports count the calls that needed it.
      await this.cases.log(c.id, 'media', from === 'agent' ? c.agent_id : (c.kiosk_id ?? from), {
        video: body.video,
      });
      return body;
    }
    const forms = body.kind === 'push' || body.kind === 'form.reply' || body.kind === 'form.cancel';
    if (!forms) return body;
    const formPush = body.kind === 'push' && body.push.kind === 'form' ? body.push : null;
    if ((formPush || body.kind !== 'push') && !['active', 'reconnecting'].includes(c.status)) {
      throw new DoorstepError('INVALID_TRANSITION', `forms belong to the call; the case is ${c.status}`);
    }
    let changed = false;
    if (body.kind === 'push') {
      if (formPush) {
        await this.forms.push(c.id, formPush.formId, formPush.templateId, c.agent_id);
        await this.cases.log(c.id, 'form', c.agent_id, {
          formId: formPush.formId,
          templateId: formPush.templateId,
        });
        changed = true;
      }
      for (const formId of await this.forms.replacePending(c.id, formPush?.formId)) {
        await this.cases.log(c.id, 'form.replaced', c.agent_id, { formId });
        changed = true;
      }
      if (changed) await this.publish(c.id);
      return body;
    }
    const kiosk = c.kiosk_id ?? 'kiosk';
    if (body.kind === 'form.cancel') {
      const { templateId } = await this.forms.cancel(c.id, body.formId);
      await this.cases.log(c.id, 'form.cancelled', kiosk, { formId: body.formId, templateId });
      await this.publish(c.id);
      return body;
    }
    // form.reply: the template's own rules; the values (personal data) never reach a log line.
    const where = { caseNumber: c.case_number, ticketNumber: c.ticket_number, formId: body.formId };
    let r: { templateId: string; values: Record<string, string> };
    try {
      r = await this.forms.reply(c.id, body.formId, body.values);
    } catch (err) {
      const fields = err instanceof DoorstepError ? (err.fields ?? []).map((f) => f.path) : [];
      const code = err instanceof DoorstepError ? err.code : 'INTERNAL';
      this.log.info({ ...where, code, fields }, 'video form reply refused');
      throw err;
    }
    await this.cases.log(c.id, 'form.reply', kiosk, {
      formId: body.formId,
      templateId: r.templateId,
      fields: Object.keys(r.values).length,
    });
    await this.publish(c.id);
    this.log.info({ ...where, templateId: r.templateId }, 'video form reply recorded');
    return { kind: 'form.reply', formId: body.formId, values: r.values };
  }

  /** The case's forms with the replies, to the serving agent only while the case is live; audited. */
  async caseForms(p: StaffPrincipal, id: string): Promise<CaseForm[]> {
    const c = await this.partyCase(p, id, ['agent']);
    if (!this.isLive(c))
      throw new DoorstepError('FORBIDDEN', 'form replies are visible during the case only');
    const forms = await this.forms.list(c.id);
    if (forms.some((f) => f.values)) await this.records.audit(p.staff.id, 'form.view', c.id);
    return forms;
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
      })().catch((err: unknown) => {
        const e = err as { message?: unknown };
        this.log.warn(
          { caseId: id, limit: from, error: { message: String(e?.message ?? err) } },
          `video time limit of case ${id} (${from}) failed`,
        );
      });
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
