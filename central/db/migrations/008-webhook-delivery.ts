import type { Dialect } from '../migrate';

// Durable webhook delivery: per hook and centre a cursor (the last event id queued for delivery) with
// a lease, so that one central instance at a time delivers that hook's events of that centre, in
// order; each queued event is a delivery row with its attempts and the time of the next one, so a
// restart resumes where the last instance stopped. Hooks that existed before start from the newest
// event; retries that were waiting in memory are picked up again.
export default (d: Dialect) => `
CREATE TABLE webhook_cursors (
  webhook_id TEXT NOT NULL, centre_id TEXT NOT NULL, last_event_id ${d.bigint} NOT NULL,
  lease_owner TEXT, lease_until ${d.bigint} NOT NULL DEFAULT 0,
  PRIMARY KEY (webhook_id, centre_id))${d.strict};
ALTER TABLE webhook_deliveries ADD COLUMN centre_id TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN event_type TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN next_attempt_at ${d.bigint};
ALTER TABLE webhook_deliveries ADD COLUMN last_error TEXT;
UPDATE webhook_deliveries SET
  centre_id = (SELECT e.centre_id FROM events e WHERE e.id = webhook_deliveries.event_id),
  event_type = (SELECT e.type FROM events e WHERE e.id = webhook_deliveries.event_id),
  next_attempt_at = 0;
UPDATE webhook_deliveries SET status = 'failed' WHERE status = 'retrying' AND centre_id IS NULL;
CREATE INDEX webhook_deliveries_open ON webhook_deliveries (webhook_id, centre_id, status, event_id);
INSERT INTO webhook_cursors (webhook_id, centre_id, last_event_id, lease_until)
  SELECT w.id, c.id, COALESCE((SELECT MAX(e.id) FROM events e WHERE e.centre_id = c.id), 0), 0
  FROM webhooks w CROSS JOIN centres c;
`;
