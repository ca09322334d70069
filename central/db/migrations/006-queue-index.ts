import type { Dialect } from '../migrate';

// Waiting counts per queue (centre, item, channel) read the index instead of the centre's tickets.
export default (_d: Dialect) => `
CREATE INDEX tickets_by_queue ON tickets (centre_id, item_id, channel, status);
`;
