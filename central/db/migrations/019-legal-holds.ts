import type { Dialect } from '../migrate';

// Legal holds on a resident's personal data (issue 18, docs/data.md): while a hold is active the
// retention sweep and an erasure on request leave that resident's data alone. A hold is never
// deleted: lifting it records who, when and why, so the holds are a record of processing
// (个人信息保护法 art. 55) like the audit. `until_at` NULL = until lifted.
export default (d: Dialect) => `
CREATE TABLE legal_holds (
  id TEXT PRIMARY KEY, resident_id TEXT NOT NULL REFERENCES residents(id), reason TEXT NOT NULL,
  until_at ${d.bigint}, set_by TEXT NOT NULL, set_at ${d.bigint} NOT NULL,
  lifted_by TEXT, lifted_at ${d.bigint}, lift_reason TEXT)${d.strict};
CREATE INDEX legal_holds_resident ON legal_holds (resident_id, lifted_at);
`;
