import { z } from 'zod';
import { fieldErrorsOf } from '../../contract/errors';
import { isValidIdNumber, maskIdNumber } from '../../contract/gb11643';
import {
  KioskChannels,
  type KioskChannel,
  type KioskRequest,
  type KioskResponse,
} from '../../contract/kiosk';
import { KioskHostError, toHostError } from './errors';
import * as appointments from './services/appointments';
import { placeNames, type HostContext } from './services/context';
import type { TechMode } from './services/tech';
import * as tickets from './services/tickets';
import { QueueSummary } from '../../contract/queue';

// The window.doorstep channels mapped to the host's services. Every call's request and response are
// validated with the channel's schemas (contract/kiosk.ts); every failure becomes a KioskHostError.

/** The channels this file serves; the video channels come from main/host/video (a plugin). */
export type CoreChannel = Exclude<KioskChannel, `video.${string}`>;
type Handler<C extends KioskChannel> = (
  req: z.infer<(typeof KioskChannels)[C]['request']>,
) => Promise<KioskResponse<C>> | KioskResponse<C>;
export type CoreHandlers = { [C in CoreChannel]: Handler<C> };
export type Handlers = Partial<{ [C in KioskChannel]: Handler<C> }>;

const QueueList = z.object({ queues: z.array(QueueSummary) });

export function createHandlers(
  ctx: HostContext,
  tech: TechMode,
  lastQueues: () => QueueSummary[] | null,
): CoreHandlers {
  return {
    'config.get': () => {
      const names = placeNames(ctx);
      return {
        stationName: names.stationName,
        centreName: names.centreName,
        centreId: names.centreId,
        idleTimeoutSec: ctx.config.idleTimeoutSec,
        countdownSec: ctx.config.countdownSec,
        version: ctx.version,
      };
    },
    'catalog.get': async () => ({
      items: await ctx.central.catalog(),
      priorityClaims: ctx.central.priorityClaims(),
    }),
    'calendar.today': () => ctx.central.openToday(),
    'queues.get': async () => {
      const { centreId } = placeNames(ctx);
      try {
        return await ctx.central.http.request(
          'GET',
          `/api/v1/centres/${encodeURIComponent(centreId)}/queues`,
          {
            schema: QueueList,
          },
        );
      } catch (err) {
        const cached = lastQueues();
        if (cached && (err as { unreachable?: boolean }).unreachable) return { queues: cached };
        throw err;
      }
    },
    'devices.status': async () => {
      await ctx.devices.refreshPrinter(); // asked now, not the last poll
      return ctx.devices.status();
    },
    'link.status': () => ctx.central.status(),
    'identity.manual': ({ idNumber }) => {
      const v = idNumber.trim().toUpperCase();
      if (!isValidIdNumber(v)) {
        throw new KioskHostError('VALIDATION_FAILED', 'the ID number fails the GB 11643 check', [
          { path: 'idNumber', message: 'invalid ID number' },
        ]);
      }
      const identity = ctx.session.startFromManual(v);
      ctx.logger.log('info', 'session', `manual ID entry ${maskIdNumber(v)}`);
      ctx.events.emit('event', { type: 'identity', identity });
      return identity;
    },
    'identity.appointmentCode': ({ code }) => appointments.identityFromCode(ctx, code),
    'session.end': () => {
      ctx.session.end('renderer');
      tech.lock();
      return {};
    },
    'tickets.issue': (req) => tickets.issueTicket(ctx, req),
    'tickets.get': ({ ticketId }) => tickets.getTicket(ctx, ticketId),
    'tickets.reprint': ({ ticketId }) => tickets.reprintTicket(ctx, ticketId),
    'appointments.mine': () => appointments.mine(ctx),
    'appointments.checkIn': ({ appointmentId }) => appointments.checkIn(ctx, appointmentId),
    'appointments.slots': (req) => appointments.slots(ctx, req),
    'appointments.book': ({ slotId }) => appointments.book(ctx, slotId),
    'print.materials': async ({ itemId }) => {
      const items = await ctx.central.catalog();
      const item = items.find((i) => i.id === itemId);
      if (!item) throw new KioskHostError('NOT_FOUND', `no service item ${itemId}`);
      const problem = await ctx.devices.printerProblem();
      if (problem) return { printed: false, reason: problem };
      return ctx.devices.print({ kind: 'materials', item, stationName: placeNames(ctx).stationName });
    },
    'tech.unlock': ({ pin }) => tech.unlock(pin),
    'tech.info': () => (tech.require(), tech.info()),
    'tech.testPrint': () => (tech.require(), tech.testPrint()),
    'tech.testCard': ({ timeoutSec }) => (tech.require(), tech.testCard(timeoutSec * 1000)),
    'tech.ports': () => (tech.require(), tech.ports()),
    'tech.detect': async () => {
      tech.require();
      const found = await ctx.devices.detect();
      tech.savePorts();
      return found;
    },
    'tech.setPorts': async (req) => {
      tech.require();
      await ctx.devices.setPorts(req);
      tech.savePorts();
      return ctx.devices.status();
    },
    'tech.exportLogs': () => (tech.require(), tech.exportLogs()),
    'tech.mediaResult': (check) => {
      tech.require();
      ctx.devices.setMediaCheck({ ...check, at: new Date().toISOString() });
      return {};
    },
    'tech.restart': () => {
      tech.require();
      ctx.logger.log('warn', 'tech', 'restart requested by a technician');
      setImmediate(() => ctx.events.emit('restart'));
      return {};
    },
  };
}

/** Validates, dispatches and validates again; rejects with a KioskHostError. */
export async function dispatch<C extends KioskChannel>(
  handlers: Handlers,
  channel: C,
  request: KioskRequest<C>,
): Promise<KioskResponse<C>> {
  const schemas = (KioskChannels as Record<string, { request: z.ZodType; response: z.ZodType }>)[channel];
  if (!schemas) throw new KioskHostError('NOT_FOUND', `no channel ${String(channel)}`);
  const req = schemas.request.safeParse(request ?? {});
  if (!req.success)
    throw new KioskHostError('VALIDATION_FAILED', String(channel), fieldErrorsOf(req.error.issues));
  let res: unknown;
  try {
    const handler = handlers[channel] as ((r: unknown) => unknown) | undefined;
    if (!handler) throw new KioskHostError('NOT_FOUND', `the host does not serve ${String(channel)}`);
    res = await handler(req.data);
  } catch (err) {
    throw toHostError(err);
  }
  const out = schemas.response.safeParse(res);
  if (!out.success) throw new KioskHostError('INTERNAL', `${String(channel)} gave an invalid response`);
  return out.data as KioskResponse<C>;
}
