import type { Dialect } from '../migrate';

// A webhook receives the events of its creator's centres only (docs/security.md): the centres are
// kept with the hook (a JSON array), with who made it. Hooks made before keep NULL: every centre,
// as they were, and only an admin of every centre sees them.
export default (_d: Dialect) => `
ALTER TABLE webhooks ADD COLUMN centre_ids TEXT;
ALTER TABLE webhooks ADD COLUMN created_by TEXT;
`;
