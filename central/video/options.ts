import type { VDb } from './db-port';
import type { VideoPluginOptions } from './plugin';

// The plugin's options from the central service's running context: its database, its clock, and a
// data key derived from the PII master key (a keyed hash of a fixed label), so sealed case data
// stays readable across restarts and instances without a second key to provision.

interface CentralCtxLike {
  db: VDb;
  clock(): Date;
  pii: { lookupHash(value: string): string };
}

export function videoOptionsOf(ctx: CentralCtxLike): VideoPluginOptions {
  return {
    db: ctx.db,
    now: () => ctx.clock().getTime(),
    key: Buffer.from(ctx.pii.lookupHash('doorstep video data key v1'), 'base64url'),
  };
}
