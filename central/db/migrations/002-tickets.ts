import type { Dialect } from '../migrate';

// Residents (ID numbers encrypted, looked up by keyed hash), numbering counters and tickets. Tickets
// are never deleted: the history of every day stays.
export default (d: Dialect) => `
CREATE TABLE residents (
  id TEXT PRIMARY KEY, id_hash TEXT NOT NULL UNIQUE, id_enc TEXT NOT NULL, name_enc TEXT,
  birth_date TEXT, created_at ${d.bigint} NOT NULL)${d.strict};
CREATE TABLE ticket_counters (
  centre_id TEXT NOT NULL, prefix TEXT NOT NULL, service_day TEXT NOT NULL, last_seq INTEGER NOT NULL,
  PRIMARY KEY (centre_id, prefix, service_day))${d.strict};
CREATE TABLE tickets (
  id TEXT PRIMARY KEY, number TEXT NOT NULL, seq INTEGER NOT NULL, centre_id TEXT NOT NULL REFERENCES centres(id),
  station_id TEXT, kiosk_id TEXT, item_id TEXT NOT NULL REFERENCES items(id), channel TEXT NOT NULL,
  skill_group TEXT NOT NULL, status TEXT NOT NULL, priority TEXT NOT NULL, service_day TEXT NOT NULL,
  issued_at ${d.bigint} NOT NULL, due_at ${d.bigint}, called_at ${d.bigint}, served_at ${d.bigint},
  finished_at ${d.bigint}, print_status TEXT NOT NULL, resident_id TEXT REFERENCES residents(id),
  agent_id TEXT, target_agent_id TEXT, recall_count INTEGER NOT NULL DEFAULT 0,
  parked INTEGER NOT NULL DEFAULT 0, outcome TEXT, transferred_to_id TEXT, transferred_from_id TEXT,
  appointment_id TEXT, lease_id TEXT, offline INTEGER NOT NULL DEFAULT 0)${d.strict};
CREATE INDEX tickets_queue ON tickets (centre_id, status, skill_group);
CREATE INDEX tickets_history ON tickets (centre_id, item_id, status, finished_at);
CREATE INDEX tickets_agent ON tickets (agent_id, status);
CREATE UNIQUE INDEX tickets_one_waiting ON tickets (item_id, resident_id) WHERE status = 'waiting';
CREATE UNIQUE INDEX tickets_lease_number ON tickets (lease_id, number) WHERE lease_id IS NOT NULL;
`;
