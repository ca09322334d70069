import type { Dialect } from '../migrate';

// Reports (central/services/reports) read a centre's tickets by service day, the later visits of a
// resident for an item (办理时限), the first call of a ticket in the audit log, and a centre's
// kiosk.status events by time. The video tables are migrated by the video plugin after these; their
// day index is ensured by the reports service (reports/sources.ts ensureVideoIndex).
export default (_d: Dialect) => `
CREATE INDEX tickets_report_day ON tickets (centre_id, service_day);
CREATE INDEX tickets_resident_item ON tickets (resident_id, item_id, issued_at);
CREATE INDEX events_by_type ON events (centre_id, type, at);
`;
