import type { Dialect } from '../migrate';

// Why a ticket has priority, so the agent sees it (domain.md "Tickets"): "age" (70+ from the ID birth
// date, automatic) or the resident's claim ("disability", "service_member"), checked at the counter.
// Never printed. Rows issued before, and tickets without priority, stay NULL.
export default (_d: Dialect) => `
ALTER TABLE tickets ADD COLUMN priority_reason TEXT;
`;
