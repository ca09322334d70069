import type { Dialect } from '../migrate';

// Kiosk updates and remote commands (issue 14; central/updates, central/commands): the releases
// registered with their sha512 and district signature, the one rollout (row id 1; its percentage in
// basis points so both databases keep it as an integer), each kiosk's last reported update state,
// and the commands sent to kiosks with their state, result and expiry.
export default (d: Dialect) => `
CREATE TABLE update_releases (
  version TEXT PRIMARY KEY, url TEXT NOT NULL, sha512 TEXT NOT NULL, signature TEXT NOT NULL, notes TEXT,
  registered_at ${d.bigint} NOT NULL, registered_by TEXT NOT NULL)${d.strict};
CREATE TABLE update_rollout (
  id INTEGER PRIMARY KEY CHECK (id = 1), version TEXT NOT NULL REFERENCES update_releases(version),
  pilot_station_ids TEXT NOT NULL, percent_bp INTEGER NOT NULL, window_start TEXT NOT NULL,
  window_end TEXT NOT NULL, health_timeout_sec INTEGER NOT NULL, paused INTEGER NOT NULL,
  updated_at ${d.bigint} NOT NULL, updated_by TEXT NOT NULL)${d.strict};
CREATE TABLE kiosk_update_reports (
  kiosk_id TEXT PRIMARY KEY REFERENCES kiosks(id), app_version TEXT NOT NULL, state TEXT NOT NULL,
  target_version TEXT, detail TEXT, reported_at ${d.bigint} NOT NULL)${d.strict};
CREATE TABLE kiosk_commands (
  id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL REFERENCES kiosks(id), centre_id TEXT NOT NULL,
  type TEXT NOT NULL, args TEXT NOT NULL, state TEXT NOT NULL, result TEXT,
  created_at ${d.bigint} NOT NULL, created_by TEXT NOT NULL, expires_at ${d.bigint} NOT NULL,
  delivered_at ${d.bigint}, finished_at ${d.bigint})${d.strict};
CREATE INDEX kiosk_commands_pending ON kiosk_commands (kiosk_id, state, created_at);
CREATE INDEX kiosk_commands_centre ON kiosk_commands (centre_id, created_at);
`;
