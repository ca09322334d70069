import type { Dialect } from '../migrate';

// How the resident of a ticket or appointment was identified (issue 11, "typed identity is not a
// verified identity"): 'card', 'typed', 'code' or 'none' (contract IdentifiedBy). Rows from before stay
// NULL: nobody knows any more, and the console shows no claim either way for them. Reports count by it.
export default (_d: Dialect) => `
ALTER TABLE tickets ADD COLUMN identified_by TEXT;
ALTER TABLE appointments ADD COLUMN identified_by TEXT;
`;
