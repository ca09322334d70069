import { randomBytes } from 'node:crypto';
import { DoorstepError } from '../../contract/errors';
import type { Bilingual } from '../../contract/catalog';
import type { TicketOutcome } from '../../contract/ticket';
import type { CaseStatus, TimelineEntry, VideoCase } from '../../contract/video';
import { isoOf, jsonOr, type VDb, type VQueryable } from './db-port';
import { shanghaiDay } from './workdays';

// Cases (案件): one per video ticket served, numbered per day (VC20261122-0007), with a timeline that
// survives reconnects, returns to the queue and transfers. Rows in video_cases / video_timeline.

interface CaseRow {
  id: string;
  case_number: string;
  ticket_id: string;
  ticket_number: string;
  centre_id: string;
  station_id: string | null;
  kiosk_id: string | null;
  agent_id: string;
  agent_name: string;
  item_id: string;
  status: string;
  outcome: string | null;
  materials_ticked: string;
  missing_materials: string;
  notes: string;
  identity_enc: string | null;
  created_at: number;
  ring_until: number | null;
  ended_at: number | null;
}
export type { CaseRow };

export interface TicketView {
  id: string;
  number: string;
  centre_id: string;
  station_id: string | null;
  kiosk_id: string | null;
  item_id: string;
  channel: string;
  status: string;
  agent_id: string | null;
}

export const LIVE: readonly CaseStatus[] = ['ringing', 'missed', 'active', 'reconnecting'];

export class CaseStore {
  constructor(
    private readonly db: VDb,
    private readonly now: () => number,
    private readonly statusUrl?: (ticketId: string, centreId: string) => string,
  ) {}

  async ticket(ticketId: string): Promise<TicketView> {
    const t = await this.db.get<TicketView>(
      `SELECT id, number, centre_id, station_id, kiosk_id, item_id, channel, status, agent_id
       FROM tickets WHERE id = ?`,
      [ticketId],
    );
    if (!t) throw new DoorstepError('NOT_FOUND', `no ticket ${ticketId}`);
    return t;
  }

  async row(id: string): Promise<CaseRow> {
    const r = await this.db.get<CaseRow>('SELECT * FROM video_cases WHERE id = ?', [id]);
    if (!r) throw new DoorstepError('NOT_FOUND', `no case ${id}`);
    return r;
  }

  async liveForTicket(ticketId: string): Promise<CaseRow | undefined> {
    const rows = await this.db.all<CaseRow>(
      'SELECT * FROM video_cases WHERE ticket_id = ? ORDER BY created_at DESC',
      [ticketId],
    );
    return rows.find((r) => r.status !== 'ended');
  }

  /** The open case of this ticket or of the ticket it was transferred from (the case keeps its timeline). */
  async carriedOver(ticketId: string): Promise<CaseRow | undefined> {
    let id: string | null = ticketId;
    for (let hop = 0; id && hop < 10; hop++) {
      const live = await this.liveForTicket(id);
      if (live) return live;
      const row: { from: string | null } | undefined = await this.db.get<{ from: string | null }>(
        'SELECT transferred_from_id AS "from" FROM tickets WHERE id = ?',
        [id],
      );
      id = row?.from ?? null;
    }
    return undefined;
  }

  /**
   * Opens a case for a ticket (or re-rings its open one, keeping the number and timeline). `system`:
   * central rings again by itself (the recall after a ring time limit), logged as the system's act.
   */
  async open(
    t: TicketView,
    agent: { id: string; name: string },
    ringSec: number,
    system?: { reason: string },
  ): Promise<CaseRow> {
    const now = this.now();
    const existing = await this.carriedOver(t.id);
    if (existing) {
      await this.db.run(
        `UPDATE video_cases SET status = ?, ring_until = ?, agent_id = ?, agent_name = ?, ticket_id = ?,
           ticket_number = ?, kiosk_id = COALESCE(?, kiosk_id) WHERE id = ?`,
        ['ringing', now + ringSec * 1000, agent.id, agent.name, t.id, t.number, t.kiosk_id, existing.id],
      );
      if (system) {
        await this.log(existing.id, 'ring', 'system', {
          again: true,
          reason: system.reason,
          agentId: agent.id,
        });
      } else {
        await this.log(existing.id, 'ring', agent.id, { again: true });
      }
      return this.row(existing.id);
    }
    const day = shanghaiDay(now);
    const id = `vc-${randomBytes(9).toString('base64url')}`;
    await this.db.tx(async (q) => {
      if (q.kind === 'postgres') await q.run('SELECT pg_advisory_xact_lock(727007)');
      const last = await q.get<{ m: number | null }>(
        'SELECT MAX(seq) AS m FROM video_cases WHERE service_day = ?',
        [day],
      );
      const seq = Number(last?.m ?? 0) + 1;
      const number = `VC${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
      await q.run(
        `INSERT INTO video_cases (id, case_number, service_day, seq, ticket_id, ticket_number, centre_id,
           station_id, kiosk_id, agent_id, agent_name, item_id, status, outcome, materials_ticked,
           missing_materials, notes, identity_enc, created_at, ring_until, ended_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ringing', NULL, '[]', '[]', '', NULL, ?, ?, NULL)`,
        [
          id,
          number,
          day,
          seq,
          t.id,
          t.number,
          t.centre_id,
          t.station_id,
          t.kiosk_id,
          agent.id,
          agent.name,
          t.item_id,
          now,
          now + ringSec * 1000,
        ],
      );
      await this.log(id, 'ring', agent.id, undefined, q);
    });
    return this.row(id);
  }

  async setStatus(id: string, status: CaseStatus, actor: string, detail?: Record<string, unknown>) {
    await this.db.run('UPDATE video_cases SET status = ? WHERE id = ?', [status, id]);
    await this.log(id, status, actor, detail);
  }

  async update(id: string, fields: Partial<Pick<CaseRow, 'materials_ticked' | 'notes' | 'identity_enc'>>) {
    for (const [k, v] of Object.entries(fields)) {
      await this.db.run(`UPDATE video_cases SET ${k} = ? WHERE id = ?`, [v ?? null, id]);
    }
  }

  async finish(
    id: string,
    outcome: TicketOutcome,
    missing: Bilingual[],
    actor: string,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    const n = await this.db.run(
      `UPDATE video_cases SET status = 'ended', outcome = ?, missing_materials = ?, ended_at = ?
       WHERE id = ? AND status <> 'ended'`,
      [outcome, JSON.stringify(missing), this.now(), id],
    );
    if (n === 0) throw new DoorstepError('INVALID_TRANSITION', 'the case has ended already');
    await this.log(id, 'ended', actor, { outcome, missing: missing.length, ...detail });
  }

  async log(
    id: string,
    kind: string,
    actor: string,
    detail?: Record<string, unknown>,
    q: VQueryable = this.db,
  ) {
    await q.run('INSERT INTO video_timeline (case_id, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?)', [
      id,
      this.now(),
      kind,
      actor,
      detail ? JSON.stringify(detail) : null,
    ]);
  }

  async view(r: CaseRow): Promise<VideoCase> {
    const tl = await this.db.all<{ at: number; kind: string; actor: string; detail: string | null }>(
      'SELECT at, kind, actor, detail FROM video_timeline WHERE case_id = ? ORDER BY id',
      [r.id],
    );
    const rated = await this.db.get('SELECT case_id FROM video_ratings WHERE case_id = ?', [r.id]);
    return {
      id: r.id,
      caseNumber: r.case_number,
      ticketId: r.ticket_id,
      ticketNumber: r.ticket_number,
      centreId: r.centre_id,
      stationId: r.station_id,
      kioskId: r.kiosk_id,
      agentId: r.agent_id,
      agentName: r.agent_name,
      itemId: r.item_id,
      status: r.status as CaseStatus,
      outcome: (r.outcome as TicketOutcome | null) ?? null,
      materialsTicked: jsonOr<string[]>(r.materials_ticked, []),
      missingMaterials: jsonOr<Bilingual[]>(r.missing_materials, []),
      notes: r.notes,
      createdAt: isoOf(r.created_at)!,
      ringUntil: isoOf(r.ring_until),
      endedAt: isoOf(r.ended_at),
      statusUrl: this.statusUrl?.(r.ticket_id, r.centre_id) ?? null,
      rated: rated !== undefined,
      timeline: tl.map((e): TimelineEntry => ({
        at: isoOf(e.at)!,
        kind: e.kind,
        actor: e.actor,
        ...(e.detail ? { detail: JSON.parse(e.detail) as Record<string, unknown> } : {}),
      })),
    };
  }
}
