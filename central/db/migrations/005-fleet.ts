import type { Dialect } from '../migrate';

// Fleet health (central/fleet): the latest heartbeat of each kiosk, its problems, and the status last
// published on the centre's event stream (`published`, compared to know when to send kiosk.status).
export default (d: Dialect) => `
CREATE TABLE kiosk_heartbeats (
  kiosk_id TEXT PRIMARY KEY REFERENCES kiosks(id), received_at ${d.bigint} NOT NULL, sent_at ${d.bigint} NOT NULL,
  app_version TEXT NOT NULL, uptime_sec ${d.bigint} NOT NULL, devices TEXT NOT NULL,
  outbox_depth INTEGER NOT NULL, clock_skew_ms ${d.bigint}, disk_free_bytes ${d.bigint},
  problems TEXT NOT NULL, status TEXT NOT NULL, published TEXT NOT NULL)${d.strict};
CREATE INDEX kiosk_heartbeats_status ON kiosk_heartbeats (status, received_at);
`;
