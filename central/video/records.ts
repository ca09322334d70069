import { randomBytes } from 'node:crypto';
import { DoorstepError } from '../../contract/errors';
import {
  VideoConfig,
  type CaseDocument,
  type FollowUp,
  type Rating,
  type UploadDocumentRequest,
} from '../../contract/video';
import type { Sealer } from './crypto';
import { checkImage } from '../security/images';
import { isoOf, type VDb } from './db-port';
import { addWorkingDays, withDistrictCalendar } from './workdays';

// What a case accumulates besides its timeline: documents and signatures (sealed with AES-256-GCM,
// deleted after the retention), the one rating per case, follow-ups, the identity-view audit, and the
// video settings (ICE servers, TURN secret, time limits).

const id = (p: string) => `${p}-${randomBytes(9).toString('base64url')}`;

interface DocRow {
  id: string;
  case_id: string;
  kind: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  signed_text: string | null;
  created_at: number;
}
const docOf = (r: DocRow): CaseDocument => ({
  id: r.id,
  caseId: r.case_id,
  kind: r.kind as CaseDocument['kind'],
  mime: r.mime,
  width: Number(r.width),
  height: Number(r.height),
  bytes: Number(r.bytes),
  signedText: r.signed_text,
  createdAt: isoOf(r.created_at)!,
});

interface FollowRow {
  id: string;
  case_id: string;
  case_number: string;
  centre_id: string;
  level: number;
  reason: string;
  status: string;
  opened_at: number;
  due_day: string;
  closed_at: number | null;
  closed_by: string | null;
  resolution: string | null;
  ticket_number: string;
  item_id: string;
  station_id: string | null;
  station_zh: string | null;
  station_en: string | null;
  agent_name: string;
  case_created_at: number;
}
/** A follow-up with what the supervisor needs to find the case: service, station, agent, time. */
const FOLLOW_SELECT = `SELECT f.*, c.case_number, c.ticket_number, c.item_id, c.station_id, c.agent_name,
    c.created_at AS case_created_at, s.name_zh AS station_zh, s.name_en AS station_en
  FROM video_followups f JOIN video_cases c ON c.id = f.case_id LEFT JOIN stations s ON s.id = c.station_id`;
const followOf = (r: FollowRow): FollowUp => ({
  id: r.id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  centreId: r.centre_id,
  level: Number(r.level),
  reason: r.reason,
  status: r.status as FollowUp['status'],
  openedAt: isoOf(r.opened_at)!,
  dueDay: r.due_day,
  closedAt: isoOf(r.closed_at),
  closedBy: r.closed_by,
  resolution: r.resolution,
  ticketNumber: r.ticket_number,
  itemId: r.item_id,
  stationId: r.station_id,
  stationName: r.station_zh !== null && r.station_en !== null ? { zh: r.station_zh, en: r.station_en } : null,
  agentName: r.agent_name,
  caseAt: isoOf(r.case_created_at)!,
});

export class CaseRecords {
  constructor(
    private readonly db: VDb,
    private readonly sealer: Sealer,
    private readonly now: () => number,
  ) {}

  /** An admin of all these centres administers the district (video settings are district-wide). */
  async coversAllCentres(centreIds: readonly string[]): Promise<boolean> {
    const centres = await this.db.all<{ id: string }>('SELECT id FROM centres');
    return centres.every((c) => centreIds.includes(c.id));
  }

  async config(): Promise<VideoConfig> {
    const row = await this.db.get<{ value: string }>("SELECT value FROM video_config WHERE key = 'video'");
    const stored = row ? (JSON.parse(row.value) as Record<string, unknown>) : {};
    if (typeof stored.turnSecret === 'string') stored.turnSecret = this.sealer.openText(stored.turnSecret);
    return VideoConfig.parse(stored);
  }

  async putConfig(cfg: VideoConfig): Promise<void> {
    const value = JSON.stringify({
      ...cfg,
      turnSecret: cfg.turnSecret && this.sealer.sealText(cfg.turnSecret),
    });
    await this.db.run(
      "INSERT INTO video_config (key, value) VALUES ('video', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [value],
    );
  }

  async addDocument(caseId: string, d: UploadDocumentRequest, retentionHours: number): Promise<CaseDocument> {
    const checked = checkImage(d);
    if ('fields' in checked)
      throw new DoorstepError(
        'VALIDATION_FAILED',
        'the image is not what it is declared to be',
        checked.fields,
      );
    const { bytes } = checked;
    const now = this.now();
    const row: DocRow = {
      id: id('doc'),
      case_id: caseId,
      kind: d.kind,
      mime: d.mime,
      width: d.width,
      height: d.height,
      bytes: bytes.length,
      signed_text: d.signedText ?? null,
      created_at: now,
    };
    await this.db.run(
      `INSERT INTO video_documents (id, case_id, kind, mime, width, height, bytes, signed_text, data_enc,
         created_at, delete_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        caseId,
        row.kind,
        row.mime,
        row.width,
        row.height,
        row.bytes,
        row.signed_text,
        this.sealer.seal(bytes),
        now,
        now + retentionHours * 3_600_000,
      ],
    );
    return docOf(row);
  }

  async documents(caseId: string): Promise<CaseDocument[]> {
    const rows = await this.db.all<DocRow>(
      'SELECT id, case_id, kind, mime, width, height, bytes, signed_text, created_at FROM video_documents WHERE case_id = ? ORDER BY created_at',
      [caseId],
    );
    return rows.map(docOf);
  }

  async documentData(docId: string): Promise<{ caseId: string; mime: string; data: Buffer }> {
    const r = await this.db.get<{ case_id: string; mime: string; data_enc: string }>(
      'SELECT case_id, mime, data_enc FROM video_documents WHERE id = ?',
      [docId],
    );
    if (!r) throw new DoorstepError('NOT_FOUND', `no document ${docId} (it may have passed its retention)`);
    return { caseId: r.case_id, mime: r.mime, data: this.sealer.open(r.data_enc) };
  }

  /** Deletes documents past their retention; returns how many went. */
  async sweep(): Promise<number> {
    return this.db.run('DELETE FROM video_documents WHERE delete_after <= ?', [this.now()]);
  }

  async rate(
    c: { id: string; caseNumber: string; centreId: string },
    level: number,
    reason: string | null,
    cfg: VideoConfig,
  ): Promise<Rating> {
    const now = this.now();
    let followUpId: string | null = null;
    await this.db.tx(async (q) => {
      const done = await q.get('SELECT case_id FROM video_ratings WHERE case_id = ?', [c.id]);
      if (done) throw new DoorstepError('CONFLICT', 'this case has been rated already');
      await q.run('INSERT INTO video_ratings (case_id, level, reason, created_at) VALUES (?, ?, ?, ?)', [
        c.id,
        level,
        reason,
        now,
      ]);
      if (level <= 2) {
        followUpId = id('fu');
        await q.run(
          `INSERT INTO video_followups (id, case_id, centre_id, level, reason, status, opened_at, due_day)
           VALUES (?, ?, ?, ?, ?, 'open', ?, ?)`,
          [
            followUpId,
            c.id,
            c.centreId,
            level,
            reason ?? '',
            now,
            addWorkingDays(now, cfg.followUpWorkingDays, await withDistrictCalendar(q, cfg)),
          ],
        );
      }
    });
    return { caseId: c.id, caseNumber: c.caseNumber, level, reason, createdAt: isoOf(now)!, followUpId };
  }

  async followUps(centreIds: string[], status?: 'open' | 'closed'): Promise<FollowUp[]> {
    if (centreIds.length === 0) return [];
    const rows = await this.db.all<FollowRow>(
      `${FOLLOW_SELECT}
       WHERE f.centre_id IN (${centreIds.map(() => '?').join(',')}) ${status ? 'AND f.status = ?' : ''}
       ORDER BY f.due_day, f.opened_at`,
      [...centreIds, ...(status ? [status] : [])],
    );
    return rows.map(followOf);
  }

  async followUp(fid: string): Promise<FollowUp> {
    const r = await this.db.get<FollowRow>(`${FOLLOW_SELECT} WHERE f.id = ?`, [fid]);
    if (!r) throw new DoorstepError('NOT_FOUND', `no follow-up ${fid}`);
    return followOf(r);
  }

  async closeFollowUp(fid: string, by: string, resolution: string): Promise<FollowUp> {
    const n = await this.db.run(
      `UPDATE video_followups SET status = 'closed', closed_at = ?, closed_by = ?, resolution = ?
       WHERE id = ? AND status = 'open'`,
      [this.now(), by, resolution, fid],
    );
    if (n === 0) throw new DoorstepError('INVALID_TRANSITION', 'the follow-up is not open');
    return this.followUp(fid);
  }

  async audit(actorId: string, action: string, caseId: string, detail?: Record<string, unknown>) {
    await this.db.run(
      'INSERT INTO video_audit (at, actor_id, action, case_id, detail) VALUES (?, ?, ?, ?, ?)',
      [this.now(), actorId, action, caseId, detail ? JSON.stringify(detail) : null],
    );
  }

  async auditOf(caseId: string) {
    return this.db.all<{ at: number; actor_id: string; action: string }>(
      'SELECT at, actor_id, action FROM video_audit WHERE case_id = ? ORDER BY id',
      [caseId],
    );
  }
}
