import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { KioskResponse } from '../../../contract/kiosk';
import { CaseDocument, IceConfig, Rating, VideoCase, type CaseIdentity } from '../../../contract/video';
import type { VIDEO_CHANNELS } from '../../../contract/video-kiosk';
import { findItem, placeNames, type HostContext } from '../services/context';
import { VideoLink } from './link';
import { printReceipt } from './receipt';

// The window.doorstep video channels: the host relays to central with the station token. The
// signaling link starts when the renderer first watches (so a kiosk without video never opens it).

type VideoChannel = keyof typeof VIDEO_CHANNELS;
export type VideoHandlers = {
  [C in VideoChannel]: (req: z.infer<(typeof VIDEO_CHANNELS)[C]['request']>) => Promise<KioskResponse<C>>;
};

const links = new WeakMap<HostContext, VideoLink>();

function linkOf(ctx: HostContext): VideoLink {
  const known = links.get(ctx);
  if (known) return known;
  const link = new VideoLink({
    baseUrl: ctx.central.http.baseUrl,
    getToken: () => ctx.store.station.get()?.token ?? null,
    emit: (e) => ctx.events.emit('event', e),
    log: (level, msg) => ctx.logger.log(level, 'video', msg),
  });
  links.set(ctx, link);
  ctx.onClose(() => link.stop());
  link.start();
  return link;
}

const path = (caseId: string, rest = '') => `/api/v1/video/cases/${encodeURIComponent(caseId)}${rest}`;

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
    'video.ice': () => http.request('GET', '/api/v1/video/turn-credentials', { schema: IceConfig }),
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
    'video.rate': ({ caseId, level, reason }) => post(path(caseId, '/rating'), { level, reason }, Rating),
    'video.receipt': async ({ caseId }) => {
      const c = await http.request('GET', path(caseId), { schema: VideoCase });
      const item = await findItem(ctx, c.itemId);
      return printReceipt(ctx, c, item, placeNames(ctx).centreName);
    },
  };
}
