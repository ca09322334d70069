import { z } from 'zod';

// Remote commands (central/commands, main/host/services/commands.ts): a supervisor or admin sends a
// command to a kiosk, every kiosk of a station, or every kiosk of a centre. Each kiosk's copy has a
// state, a result, an expiry and an audit row. Central hands queued commands to a kiosk in its
// heartbeat answer (the channel it already polls) and never hands out an expired one; the kiosk
// checks the expiry again against its own (skew-corrected) clock before it runs one, so a kiosk
// that was offline past the expiry never runs it late.

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;

export const KioskCommandSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('restart-host') }),
  z.object({ type: z.literal('restart-display') }),
  z.object({ type: z.literal('reload-page') }),
  z.object({ type: z.literal('print-test-page') }),
  z.object({ type: z.literal('self-test') }),
  z.object({ type: z.literal('upload-logs') }),
  /** Refused by the kiosk while a resident session is active. */
  z.object({ type: z.literal('screenshot') }),
  z.object({ type: z.literal('set-log-level'), level: LogLevel }),
]);
export type KioskCommandSpec = z.infer<typeof KioskCommandSpec>;
export type KioskCommandType = KioskCommandSpec['type'];

export const CommandState = z.enum(['queued', 'delivered', 'done', 'failed', 'expired']);
export type CommandState = z.infer<typeof CommandState>;

export const CommandTarget = z.object({
  kind: z.enum(['kiosk', 'station', 'centre']),
  id: z.string().min(1).max(64),
});
export type CommandTarget = z.infer<typeof CommandTarget>;

/** POST /api/v1/admin/commands (supervisor, admin of the target's centre). */
export const SendCommandRequest = z.object({
  target: CommandTarget,
  command: KioskCommandSpec,
  /** How long the command may wait for its kiosk, seconds (default 15 minutes). */
  ttlSec: z.number().int().min(10).max(86_400).default(900),
});
export type SendCommandRequest = z.infer<typeof SendCommandRequest>;

/** What a kiosk reports back. `text`: a log excerpt (ID numbers masked) or a message; `image`: PNG base64. */
export const CommandResult = z.object({
  message: z.string().max(500),
  text: z
    .string()
    .max(256 * 1024)
    .optional(),
  image: z
    .string()
    .max(4 * 1024 * 1024)
    .optional(),
});
export type CommandResult = z.infer<typeof CommandResult>;

/** A command as the dashboard lists it. */
export const KioskCommandView = z.object({
  id: z.string(),
  kioskId: z.string(),
  centreId: z.string(),
  command: KioskCommandSpec,
  state: CommandState,
  result: CommandResult.nullable(),
  createdAt: z.string().datetime({ offset: true }),
  createdBy: z.string(),
  expiresAt: z.string().datetime({ offset: true }),
  deliveredAt: z.string().datetime({ offset: true }).nullable(),
  finishedAt: z.string().datetime({ offset: true }).nullable(),
});
export type KioskCommandView = z.infer<typeof KioskCommandView>;

export const SendCommandResponse = z.object({ commands: z.array(KioskCommandView) });
export type SendCommandResponse = z.infer<typeof SendCommandResponse>;

/** GET /api/v1/admin/commands?centreId=&kioskId= (newest first, at most 100). */
export const CommandListQuery = z.object({
  centreId: z.string().min(1),
  kioskId: z.string().min(1).optional(),
});
export type CommandListQuery = z.infer<typeof CommandListQuery>;

/** A command as the kiosk receives it in its heartbeat answer. */
export const DeliveredCommand = z.object({
  id: z.string(),
  command: KioskCommandSpec,
  expiresAt: z.string().datetime({ offset: true }),
});
export type DeliveredCommand = z.infer<typeof DeliveredCommand>;

/** POST /api/v1/stations/me/commands/{id}/result (the kiosk that got it). */
export const CommandResultRequest = z.object({
  state: z.enum(['done', 'failed', 'expired']),
  result: CommandResult,
});
export type CommandResultRequest = z.infer<typeof CommandResultRequest>;
