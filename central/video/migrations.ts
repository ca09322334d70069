import type { VDb } from './db-port';

// The video tables, versioned on their own (video_schema_version) so the plugin migrates without
// touching the central service's numbered list. Each step runs in one transaction; a database newer
// than this code is refused.

interface Dialect {
  strict: string;
  bigint: string;
  serial: string;
}
const DIALECTS: Record<VDb['kind'], Dialect> = {
  sqlite: { strict: ' STRICT', bigint: 'INTEGER', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
  postgres: { strict: '', bigint: 'BIGINT', serial: 'BIGSERIAL PRIMARY KEY' },
};

const STEPS: ReadonlyArray<(d: Dialect) => string> = [
  (d) => `
CREATE TABLE video_cases (
  id TEXT PRIMARY KEY, case_number TEXT NOT NULL UNIQUE, service_day TEXT NOT NULL, seq INTEGER NOT NULL,
  ticket_id TEXT NOT NULL, ticket_number TEXT NOT NULL, centre_id TEXT NOT NULL, station_id TEXT,
  kiosk_id TEXT, agent_id TEXT NOT NULL, agent_name TEXT NOT NULL, item_id TEXT NOT NULL,
  status TEXT NOT NULL, outcome TEXT, materials_ticked TEXT NOT NULL, missing_materials TEXT NOT NULL,
  notes TEXT NOT NULL, identity_enc TEXT, created_at ${d.bigint} NOT NULL, ring_until ${d.bigint},
  ended_at ${d.bigint}, UNIQUE (service_day, seq))${d.strict};
CREATE INDEX video_cases_ticket ON video_cases (ticket_id);
CREATE TABLE video_timeline (
  id ${d.serial}, case_id TEXT NOT NULL, at ${d.bigint} NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL,
  detail TEXT)${d.strict};
CREATE INDEX video_timeline_case ON video_timeline (case_id, id);
CREATE TABLE video_documents (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, kind TEXT NOT NULL, mime TEXT NOT NULL,
  width INTEGER NOT NULL, height INTEGER NOT NULL, bytes INTEGER NOT NULL, signed_text TEXT,
  data_enc TEXT NOT NULL, created_at ${d.bigint} NOT NULL, delete_after ${d.bigint} NOT NULL)${d.strict};
CREATE INDEX video_documents_case ON video_documents (case_id);
CREATE TABLE video_ratings (
  case_id TEXT PRIMARY KEY, level INTEGER NOT NULL, reason TEXT, created_at ${d.bigint} NOT NULL)${d.strict};
CREATE TABLE video_followups (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL UNIQUE, centre_id TEXT NOT NULL, level INTEGER NOT NULL,
  reason TEXT NOT NULL, status TEXT NOT NULL, opened_at ${d.bigint} NOT NULL, due_day TEXT NOT NULL,
  closed_at ${d.bigint}, closed_by TEXT, resolution TEXT)${d.strict};
CREATE TABLE video_config (key TEXT PRIMARY KEY, value TEXT NOT NULL)${d.strict};
CREATE TABLE video_audit (
  id ${d.serial}, at ${d.bigint} NOT NULL, actor_id TEXT NOT NULL, action TEXT NOT NULL,
  case_id TEXT NOT NULL, detail TEXT)${d.strict};
`,
  // Short forms pushed to the kiosk; the reply (personal data) sealed like the identity.
  (d) => `
CREATE TABLE video_forms (
  case_id TEXT NOT NULL, id TEXT NOT NULL, template_id TEXT NOT NULL, status TEXT NOT NULL,
  pushed_at ${d.bigint} NOT NULL, pushed_by TEXT NOT NULL, answered_at ${d.bigint}, values_enc TEXT,
  PRIMARY KEY (case_id, id))${d.strict};
`,
];

export async function migrateVideo(db: VDb): Promise<void> {
  await db.exec('CREATE TABLE IF NOT EXISTS video_schema_version (version INTEGER NOT NULL)');
  for (let v = 0; v < STEPS.length; v++) {
    await db.tx(async (q) => {
      if (db.kind === 'postgres') await q.run('SELECT pg_advisory_xact_lock(727006)');
      const row = await q.get<{ version: number }>('SELECT version FROM video_schema_version');
      if (!row) await q.run('INSERT INTO video_schema_version (version) VALUES (0)');
      const current = Number(row?.version ?? 0);
      if (current > STEPS.length) {
        throw new Error(`video schema version ${current} is newer than this service (${STEPS.length})`);
      }
      if (current > v) return;
      await q.exec(STEPS[v]!(DIALECTS[db.kind]));
      await q.run('UPDATE video_schema_version SET version = ?', [v + 1]);
    });
  }
}
