import { DoorstepError } from '../../contract/errors';
import {
  type CommandResultRequest,
  type DeliveredCommand,
  KioskCommandSpec,
  type KioskCommandView,
  CommandResult,
  type CommandState,
  type SendCommandRequest,
} from '../../contract/commands';
import { jsonOf, type Queryable } from '../db/db';
import { iso } from '../domain/time';
import { newId } from '../security/secrets';
import { type Ctx, type Principal, actorOf, assertCentre, writeAudit } from '../services/context';

// Remote commands over table kiosk_commands (migration 017). One row per kiosk, so a command sent to a
// centre shows each kiosk's own state. States: queued → delivered (handed out in a heartbeat answer)
// → done | failed; queued or delivered past its expiry → expired, and an expired command is never
// handed out. A delivered command is handed out again until its kiosk reports (the heartbeat answer
// may be lost on the way); the kiosk runs each id once.

interface CommandRow {
  id: string;
  kiosk_id: string;
  centre_id: string;
  type: string;
  args: string;
  state: CommandState;
  result: string | null;
  created_at: number | string;
  created_by: string;
  expires_at: number | string;
  delivered_at: number | string | null;
  finished_at: number | string | null;
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

function viewOf(r: CommandRow): KioskCommandView {
  const command = KioskCommandSpec.parse({ type: r.type, ...jsonOf<object>(r.args, {}) });
  const result = r.result ? CommandResult.safeParse(jsonOf<unknown>(r.result, null)) : null;
  return {
    id: r.id,
    kioskId: r.kiosk_id,
    centreId: r.centre_id,
    command,
    state: r.state,
    result: result?.success ? result.data : null,
    createdAt: iso(num(r.created_at))!,
    createdBy: r.created_by,
    expiresAt: iso(num(r.expires_at))!,
    deliveredAt: iso(num(r.delivered_at)),
    finishedAt: iso(num(r.finished_at)),
  };
}

/** The kiosks a target names, with their centre; 404 for an unknown or revoked-only target. */
async function kiosksOf(q: Queryable, target: SendCommandRequest['target']) {
  const where = { kiosk: 'k.id = ?', station: 'k.station_id = ?', centre: 's.centre_id = ?' }[target.kind];
  const rows = await q.all<{ id: string; centre_id: string }>(
    `SELECT k.id, s.centre_id FROM kiosks k JOIN stations s ON s.id = k.station_id
     WHERE ${where} AND k.revoked_at IS NULL ORDER BY k.id`,
    [target.id],
  );
  if (rows.length === 0)
    throw new DoorstepError('NOT_FOUND', `no enrolled kiosk for ${target.kind} ${target.id}`);
  return rows;
}

export async function sendCommand(
  ctx: Ctx,
  p: Principal,
  req: SendCommandRequest,
): Promise<KioskCommandView[]> {
  const now = ctx.clock().getTime();
  const by = actorOf(p).id;
  const { type, ...args } = req.command;
  const ids = await ctx.db.tx(async (q) => {
    const kiosks = await kiosksOf(q, req.target);
    // Every kiosk of a target is in one centre (a station or a centre); a kiosk target is checked too.
    for (const k of kiosks) assertCentre(p, k.centre_id);
    const made: string[] = [];
    for (const k of kiosks) {
      const id = newId('cmd');
      made.push(id);
      await q.run(
        `INSERT INTO kiosk_commands (id, kiosk_id, centre_id, type, args, state, created_at, created_by, expires_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
        [id, k.id, k.centre_id, type, JSON.stringify(args), now, by, now + req.ttlSec * 1000],
      );
      // Screenshots are audited like every command, and named as such: they may show a screen.
      await writeAudit(q, now, p, `kiosk.command.${type}`, { type: 'station', id: k.id }, k.centre_id, {
        commandId: id,
        target: req.target,
        ...args,
      });
    }
    return made;
  });
  return byIds(ctx.db, ids);
}

async function byIds(q: Queryable, ids: string[]): Promise<KioskCommandView[]> {
  if (ids.length === 0) return [];
  const rows = await q.all<CommandRow>(
    `SELECT * FROM kiosk_commands WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY kiosk_id`,
    ids,
  );
  return rows.map(viewOf);
}

/** Marks queued or delivered commands past their expiry as expired (one kiosk's, or a centre's). */
export async function expireCommands(
  q: Queryable,
  now: number,
  scope: { kioskId?: string; centreId?: string },
) {
  const [col, id] = scope.kioskId ? ['kiosk_id', scope.kioskId] : ['centre_id', scope.centreId ?? ''];
  return q.run(
    `UPDATE kiosk_commands SET state = 'expired', finished_at = ?
     WHERE ${col} = ? AND state IN ('queued', 'delivered') AND expires_at <= ?`,
    [now, id, now],
  );
}

export async function listCommands(
  ctx: Ctx,
  centreId: string,
  kioskId: string | undefined,
): Promise<KioskCommandView[]> {
  await expireCommands(ctx.db, ctx.clock().getTime(), { centreId });
  const rows = await ctx.db.all<CommandRow>(
    `SELECT * FROM kiosk_commands WHERE centre_id = ?${kioskId ? ' AND kiosk_id = ?' : ''}
     ORDER BY created_at DESC, id DESC LIMIT 100`,
    kioskId ? [centreId, kioskId] : [centreId],
  );
  return rows.map(viewOf);
}

/** The commands to hand a kiosk in its heartbeat answer: unexpired, not finished, oldest first. */
export async function deliverCommands(ctx: Ctx, kioskId: string): Promise<DeliveredCommand[]> {
  const now = ctx.clock().getTime();
  return ctx.db.tx(async (q) => {
    await expireCommands(q, now, { kioskId });
    const rows = await q.all<CommandRow>(
      `SELECT * FROM kiosk_commands WHERE kiosk_id = ? AND state IN ('queued', 'delivered') AND expires_at > ?
       ORDER BY created_at, id LIMIT 20`,
      [kioskId, now],
    );
    await q.run(
      `UPDATE kiosk_commands SET state = 'delivered', delivered_at = ? WHERE kiosk_id = ? AND state = 'queued'
         AND expires_at > ?`,
      [now, kioskId, now],
    );
    return rows.map((r) => {
      const v = viewOf(r);
      return { id: v.id, command: v.command, expiresAt: v.expiresAt };
    });
  });
}

/** A kiosk's report on one of its commands; a finished command keeps its first report. */
export async function reportCommand(
  ctx: Ctx,
  kioskId: string,
  id: string,
  report: CommandResultRequest,
): Promise<KioskCommandView> {
  const now = ctx.clock().getTime();
  await ctx.db.tx(async (q) => {
    const row = await q.get<CommandRow>('SELECT * FROM kiosk_commands WHERE id = ? AND kiosk_id = ?', [
      id,
      kioskId,
    ]);
    if (!row) throw new DoorstepError('NOT_FOUND', `no command ${id} for this kiosk`);
    // A command central marked expired while the kiosk was running it (the kiosk checked the expiry
    // itself before it started) keeps what actually happened; any other finished command is final.
    const ranAnyway = row.state === 'expired' && report.state !== 'expired';
    if ((row.state === 'done' || row.state === 'failed' || row.state === 'expired') && !ranAnyway) {
      throw new DoorstepError('INVALID_TRANSITION', `command ${id} is already ${row.state}`);
    }
    await q.run('UPDATE kiosk_commands SET state = ?, result = ?, finished_at = ? WHERE id = ?', [
      report.state,
      JSON.stringify(report.result),
      now,
      id,
    ]);
  });
  return (await byIds(ctx.db, [id]))[0]!;
}
