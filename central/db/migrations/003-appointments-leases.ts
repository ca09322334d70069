import type { Dialect } from '../migrate';

// Appointment slots and bookings; offline number leases.
export default (d: Dialect) => `
CREATE TABLE slots (
  id TEXT PRIMARY KEY, centre_id TEXT NOT NULL REFERENCES centres(id), item_id TEXT NOT NULL REFERENCES items(id),
  starts_at ${d.bigint} NOT NULL, ends_at ${d.bigint} NOT NULL, capacity INTEGER NOT NULL,
  booked INTEGER NOT NULL DEFAULT 0, CHECK (booked <= capacity))${d.strict};
CREATE INDEX slots_by_time ON slots (centre_id, starts_at);
CREATE TABLE appointments (
  id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, slot_id TEXT NOT NULL REFERENCES slots(id),
  centre_id TEXT NOT NULL, item_id TEXT NOT NULL, resident_id TEXT NOT NULL REFERENCES residents(id),
  starts_at ${d.bigint} NOT NULL, ends_at ${d.bigint} NOT NULL, status TEXT NOT NULL, ticket_id TEXT,
  created_at ${d.bigint} NOT NULL, updated_at ${d.bigint} NOT NULL)${d.strict};
CREATE INDEX appointments_resident ON appointments (resident_id, status);
CREATE INDEX appointments_day ON appointments (centre_id, starts_at);
CREATE TABLE leases (
  id TEXT PRIMARY KEY, centre_id TEXT NOT NULL, station_id TEXT NOT NULL, kiosk_id TEXT NOT NULL,
  item_id TEXT NOT NULL, prefix TEXT NOT NULL, service_day TEXT NOT NULL, first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL, created_at ${d.bigint} NOT NULL)${d.strict};
`;
