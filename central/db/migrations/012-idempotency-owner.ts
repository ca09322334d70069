import type { Dialect } from '../migrate';

// Who holds an Idempotency-Key placeholder (status 0): "<instance>/<request>". A retry takes a
// placeholder over when its instance has no connection to the database any more (it died) or the
// placeholder is older than any live request runs; the request token fences the first request out
// (its writes name the token it held). Older rows stay NULL: only the age bound applies to them.
export default (_d: Dialect) => `
ALTER TABLE idempotency ADD COLUMN owner TEXT;
`;
