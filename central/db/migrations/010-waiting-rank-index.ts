import type { Dialect } from '../migrate';

// Waiting tickets by queue, priority and issue time: the place of a new priority ticket is a few
// index range counts (queues.ts aheadOfNewSql). Partial, so it holds only the tickets waiting now.
export default (_d: Dialect) => `
CREATE INDEX tickets_waiting_rank ON tickets (centre_id, item_id, channel, priority, issued_at)
  WHERE status = 'waiting';
`;
