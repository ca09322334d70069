import type { Dialect } from '../migrate';

// District → centres → stations → kiosks, the catalog, staff and their sessions, settings.
export default (d: Dialect) => `
CREATE TABLE districts (id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL)${d.strict};
CREATE TABLE centres (
  id TEXT PRIMARY KEY, district_id TEXT NOT NULL REFERENCES districts(id),
  name_zh TEXT NOT NULL, name_en TEXT NOT NULL, address_zh TEXT NOT NULL, address_en TEXT NOT NULL)${d.strict};
CREATE TABLE stations (
  id TEXT PRIMARY KEY, centre_id TEXT NOT NULL REFERENCES centres(id),
  name_zh TEXT NOT NULL, name_en TEXT NOT NULL, address_zh TEXT NOT NULL, address_en TEXT NOT NULL)${d.strict};
CREATE TABLE kiosks (
  id TEXT PRIMARY KEY, station_id TEXT NOT NULL REFERENCES stations(id), name TEXT,
  token_hash TEXT NOT NULL UNIQUE, enrolled_at ${d.bigint} NOT NULL, revoked_at ${d.bigint})${d.strict};
CREATE TABLE enrollment_codes (
  code_hash TEXT PRIMARY KEY, station_id TEXT NOT NULL REFERENCES stations(id), created_by TEXT NOT NULL,
  expires_at ${d.bigint} NOT NULL, used_at ${d.bigint})${d.strict};
CREATE TABLE skill_groups (id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL)${d.strict};
CREATE TABLE items (
  id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, skill_group TEXT NOT NULL REFERENCES skill_groups(id),
  ticket_prefix TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, sort INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL)${d.strict};
CREATE TABLE staff (
  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, centre_ids TEXT NOT NULL, skill_groups TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1)${d.strict};
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY, staff_id TEXT NOT NULL REFERENCES staff(id), csrf TEXT NOT NULL,
  created_at ${d.bigint} NOT NULL, expires_at ${d.bigint} NOT NULL)${d.strict};
CREATE TABLE agent_states (
  staff_id TEXT PRIMARY KEY REFERENCES staff(id), centre_id TEXT NOT NULL, status TEXT NOT NULL,
  pause_reason TEXT, updated_at ${d.bigint} NOT NULL)${d.strict};
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)${d.strict};
`;
