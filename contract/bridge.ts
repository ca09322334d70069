import { z } from 'zod';
import { KioskCallError, KioskEvent } from './kiosk';

// The browser-shell bridge protocol (docs/kiosk-host.md "Bridge"), shared by the host and the page: JSON messages on one WebSocket at
// /bridge. The page offers two subprotocols, `doorstep.v1` and `secret.<token>` — the one-time bootstrap
// from its URL, or the session secret the host sent it with `ready` (attach.ts); the host refuses the
// upgrade (401) without a valid one or (403) from another origin.

export const BRIDGE_PROTOCOL = 'doorstep.v1';
export const SECRET_PREFIX = 'secret.';
export const BRIDGE_PATH = '/bridge';

export const ClientMessage = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string().min(1).max(64),
  request: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;

// A plain union: two `result` shapes share their discriminator (zod's discriminatedUnion refuses that).
export const ServerMessage = z.union([
  /** `session`: the secret for reconnecting, given once the page attached (the URL's token is one-time). */
  z.object({
    type: z.literal('ready'),
    session: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(true), response: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(false), error: KioskCallError }),
  z.object({ type: z.literal('event'), event: KioskEvent }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
