import type { Dialect } from '../migrate';

// The event log (WebSocket resume, webhooks), the audit log, idempotency records, webhooks.
export default (d: Dialect) => `
CREATE TABLE events (
  id ${d.serial}, centre_id TEXT NOT NULL, type TEXT NOT NULL, at ${d.bigint} NOT NULL,
  data TEXT NOT NULL)${d.strict};
CREATE INDEX events_by_centre ON events (centre_id, id);
CREATE TABLE audit (
  id ${d.serial}, at ${d.bigint} NOT NULL, actor_type TEXT NOT NULL, actor_id TEXT NOT NULL,
  action TEXT NOT NULL, subject_type TEXT NOT NULL, subject_id TEXT NOT NULL, centre_id TEXT,
  detail TEXT)${d.strict};
CREATE INDEX audit_subject ON audit (subject_id);
CREATE TABLE idempotency (
  principal TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
  status INTEGER NOT NULL, body TEXT, created_at ${d.bigint} NOT NULL, PRIMARY KEY (principal, key))${d.strict};
CREATE TABLE webhooks (
  id TEXT PRIMARY KEY, url TEXT NOT NULL, secret_enc TEXT NOT NULL, events TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1, created_at ${d.bigint} NOT NULL)${d.strict};
CREATE TABLE webhook_deliveries (
  id ${d.serial}, webhook_id TEXT NOT NULL, event_id ${d.bigint} NOT NULL, attempts INTEGER NOT NULL,
  status TEXT NOT NULL, last_status INTEGER, updated_at ${d.bigint} NOT NULL)${d.strict};
`;
