import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { KioskResponse } from '../../../contract/kiosk';
import { CaseDocument, IceConfig, VideoCase, type CaseIdentity } from '../../../contract/video';
import type { VIDEO_CHANNELS } from '../../../contract/video-kiosk';
import { KioskHostError } from '../errors';
import { CentralRequestError } from '../link/http';
import { findItem, placeNames, type HostContext } from '../services/context';
import { PlaintextIdNumberError } from '../store';
import { IceCache } from './ice-cache';
import { VideoLink } from './link';
import { printReceipt } from './receipt';

// The window.doorstep video channels: the host relays to central with the station token. The
// signaling link starts when the renderer first watches (so a kiosk without video never opens it).

type VideoChannel = keyof typeof VIDEO_CHANNELS;
export type VideoHandlers = {
  [C in VideoChannel]: (req: z.infer<(typeof VIDEO_CHANNELS)[C]['request']>) => Promise<KioskResponse<C>>;
};

const links = new WeakMap<HostContext, VideoLink>();
const iceCaches = new WeakMap<HostContext, IceCache>();

/** TURN credentials held ahead of the ring (issue 19): see ice-cache.ts. */
function iceOf(ctx: HostContext): IceCache {
  const known = iceCaches.get(ctx);
  if (known) return known;
  const cache = new IceCache(() =>
    ctx.central.http.request('GET', '/api/v1/video/turn-credentials', { schema: IceConfig }),
  );
  iceCaches.set(ctx, cache);
  ctx.onClose(() => cache.stop());
  return cache;
}

function linkOf(ctx: HostContext): VideoLink {
  const known = links.get(ctx);
  if (known) return known;
  const link = new VideoLink({
    baseUrl: ctx.central.http.baseUrl,
    getToken: () => ctx.store.station.get()?.token ?? null,
    emit: (e) => {
      // A ring: this call takes the held credentials; new ones are fetched for the next call.
      if (e.type === 'video' && e.message.type === 'case' && e.message.case.status === 'ringing')
        iceOf(ctx).renew();
      ctx.events.emit('event', e);
    },
    log: (level, msg) => ctx.logger.log(level, 'video', msg),
    ca: ctx.config.centralCa,
  });
  links.set(ctx, link);
  ctx.onClose(() => link.stop());
  link.start();
  // The page watches for calls: fetch the TURN credentials now, not when the kiosk rings.
  iceOf(ctx).prefetch();
  return link;
}

const path = (caseId: string, rest = '') => `/api/v1/video/cases/${encodeURIComponent(caseId)}${rest}`;

/** How long the resident's submit waits for central before the kiosk says the rating will follow. */
const RATE_WAIT_MS = 5000;

/**
 * The rating goes through the outbox (written before anything is sent), under one idempotency key per
 * case: a dropped network or a restart loses nothing, a second submit for the case adds nothing, and a
 * replay of a rating central already stored changes nothing. Waits up to RATE_WAIT_MS for delivery.
 */
async function rate(
  ctx: HostContext,
  caseId: string,
  level: number,
  reason: string | undefined,
): Promise<{ delivered: boolean }> {
  const key = `video-rating:${caseId.replace(/[^A-Za-z0-9_.:-]/g, '_')}`.slice(0, 128);
  const stateOf = () =>
    ctx.store.db.prepare('SELECT seq, state, last_error FROM outbox WHERE idempotency_key = ?').get(key) as
      { seq: number; state: 'pending' | 'sent' | 'rejected'; last_error: string | null } | undefined;
  if (!stateOf()) {
    try {
      ctx.central.enqueue({
        kind: 'video.rating',
        path: path(caseId, '/rating'),
        body: { level, reason },
        idempotencyKey: key,
      });
    } catch (err) {
      if (err instanceof PlaintextIdNumberError) {
        throw new KioskHostError('VALIDATION_FAILED', 'the reason may not hold an ID number', [
          { path: 'reason', message: 'no ID numbers' },
        ]);
      }
      throw err;
    }
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    ctx.central.flush().catch(() => undefined),
    new Promise<void>((r) => (timer = setTimeout(r, RATE_WAIT_MS))),
  ]);
  clearTimeout(timer);
  const now = stateOf();
  if (now?.state === 'rejected') {
    ctx.logger.log('warn', 'video', `rating of case ${caseId} refused by central`);
    throw new KioskHostError('BAD_REQUEST', now.last_error ?? 'central refused the rating');
  }
  const delivered = now?.state === 'sent';
  ctx.logger.log(
    'info',
    'video',
    `rating of case ${caseId} ${delivered ? 'delivered' : `kept in the outbox (#${now?.seq}) until central answers`}`,
  );
  return { delivered };
}

export function videoHandlers(ctx: HostContext): VideoHandlers {
  const http = ctx.central.http;
  const post = <T>(p: string, body: unknown, schema: z.ZodType<T>) =>
    http.request('POST', p, { body, schema, idempotencyKey: randomUUID() });

  return {
    'video.watch': async () => {
      const link = linkOf(ctx);
      const live = link.current && !['ended', 'declined'].includes(link.current.status) ? link.current : null;
      return { case: live };
    },
    'video.ice': () => iceOf(ctx).get(),
    'video.accept': ({ caseId }) => {
      const id = ctx.session.toIdentity();
      // Only the masked view goes to central for the agent; the full number never leaves the host.
      const identity: CaseIdentity | null = id
        ? { name: id.name, idMasked: id.idMasked, age: id.age, cardType: id.cardType }
        : null;
      return post(path(caseId, '/accept'), { identity }, VideoCase);
    },
    'video.decline': ({ caseId }) => post(path(caseId, '/decline'), {}, VideoCase),
    'video.signal': async ({ caseId, body }) => {
      linkOf(ctx).send(caseId, body);
      return {};
    },
    'video.link': ({ caseId, state }) => post(path(caseId, '/link'), { state }, VideoCase),
    'video.upload': ({ caseId, document }) => post(path(caseId, '/documents'), document, CaseDocument),
    'video.settings': async () => ({ documentCamera: { label: ctx.config.documentCamera.label ?? null } }),
    'video.rate': ({ caseId, level, reason }) => rate(ctx, caseId, level, reason),
    'video.receipt': async ({ caseId }) => {
      let c: VideoCase;
      try {
        c = await http.request('GET', path(caseId), { schema: VideoCase });
      } catch (err) {
        // Central out of reach after the call: the case as the signaling link last told it will do.
        const known = links.get(ctx)?.current;
        if (!(err instanceof CentralRequestError && err.unreachable) || known?.id !== caseId) throw err;
        c = known;
      }
      const item = await findItem(ctx, c.itemId);
      const places = placeNames(ctx);
      return printReceipt(ctx, c, item, places.centreName, places.stationName);
    },
  };
}
