import type { Dialect } from '../migrate';

// Administration (issue 12): a version per editable record (lost-update protection), active flags
// (deactivate, never delete), centre opening hours and public base URL, station 24-hour flag and
// offered items, district-admin staff and forced password change, and the district calendar.
export default (d: Dialect) => `
ALTER TABLE districts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE centres ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '{}';
ALTER TABLE centres ADD COLUMN public_base_url TEXT;
ALTER TABLE centres ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE centres ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE stations ADD COLUMN open_24h INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stations ADD COLUMN item_ids TEXT;
ALTER TABLE stations ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE stations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE kiosks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE items ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE items ADD COLUMN prefix_changed_on TEXT;
ALTER TABLE skill_groups ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE skill_groups ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE staff ADD COLUMN district_admin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TABLE calendar_days (
  centre_id TEXT NOT NULL, day TEXT NOT NULL, kind TEXT NOT NULL, name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL, PRIMARY KEY (centre_id, day))${d.strict};
CREATE INDEX calendar_by_day ON calendar_days (day);
`;
