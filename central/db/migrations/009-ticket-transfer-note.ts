import type { Dialect } from '../migrate';

// A transferred ticket continues as a new one (same number and issue time); it now carries who
// transferred it, when, and the note they left for the next agent (shown in that agent's queue and
// current-ticket view). Rows issued before stay NULL.
export default (d: Dialect) => `
ALTER TABLE tickets ADD COLUMN transfer_note TEXT;
ALTER TABLE tickets ADD COLUMN transfer_by TEXT;
ALTER TABLE tickets ADD COLUMN transfer_by_name TEXT;
ALTER TABLE tickets ADD COLUMN transfer_at ${d.bigint};
`;
