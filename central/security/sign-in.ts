import type { FastifyRequest } from 'fastify';
import { DoorstepError } from '../../contract/errors';
import type { RateLimiter } from '../http/rate-limit';
import { clientKey } from '../http/rate-limit';
import { type Ctx, writeAudit } from '../services/context';
import { login } from '../services/staff';

// Staff sign-in with its limits and its audit trail: every success, failure and refusal is written
// to the audit log with the client address (staff usernames are not resident data).

export async function signIn(
  ctx: Ctx,
  limiter: RateLimiter,
  req: FastifyRequest,
  username: string,
  password: string,
): Promise<Awaited<ReturnType<typeof login>>> {
  const user = username.toLowerCase();
  const ip = clientKey(req);
  const audit = (action: string, staffId: string | null) =>
    writeAudit(ctx.db, ctx.clock().getTime(), null, action, { type: 'staff', id: staffId ?? user }, null, {
      username: user,
      ip,
    }).catch((err: unknown) => req.log.error({ err }, 'sign-in audit failed'));
  try {
    const s = await limiter.attempt([`ip:${ip}`], () => login(ctx, username, password), [`user:${user}`]);
    await audit('auth.sign_in', s.staff.id);
    return s;
  } catch (err) {
    const limited = err instanceof DoorstepError && err.code === 'RATE_LIMITED';
    await audit(limited ? 'auth.sign_in_limited' : 'auth.sign_in_failed', null);
    throw err;
  }
}
