import { randomUUID } from 'node:crypto';
import { Ticket } from '../../../contract/ticket';
import type { ServiceItem } from '../../../contract/catalog';
import type { IssueTicketResult, KioskRequest, PrintOutcome } from '../../../contract/kiosk';
import type { OfflineTicket } from '../../../contract/api/leases';
import { kioskHost } from '../../../contract/i18n/kiosk-host';
import { maskIdNumber } from '../../../contract/gb11643';
import { KioskHostError } from '../errors';
import { CentralRequestError } from '../link/http';
import { shanghaiDay } from '../session';
import { findItem, placeNames, type HostContext } from './context';
import { abandonIssue, forgetIssue, rememberIssue } from './unsettled-issues';
import { StoredTicketBody, recordPrint } from './print-status';

// Taking a queue ticket (排队取号): the printer is asked first (out of paper → refused before any
// number exists), then central issues it (or, offline, a leased number for window queues), then it is
// printed and the print outcome reported. A second request for the same item in the session reprints
// the existing ticket; central does the same across sessions (one waiting ticket per resident/item).
// With `screenOnly` (the resident chose the on-screen number because the printer cannot print) the
// printer is neither required nor used: the ticket is reported `not_printed`, held on screen/phone.
// Offline tickets carry that print status in their upload, so agents see at once whether the resident
// holds paper.

const offlineNote = `${kioskHost['host.offlineTicket'].zh} ${kioskHost['host.offlineTicket'].en}`;

export async function issueTicket(
  ctx: HostContext,
  req: KioskRequest<'tickets.issue'>,
): Promise<IssueTicketResult> {
  const item = await findItem(ctx, req.itemId);
  if (!item.channels.includes(req.channel)) {
    throw new KioskHostError('VALIDATION_FAILED', `${item.code} has no ${req.channel} channel`);
  }
  const who = ctx.session.identity;
  const idNumber = ctx.session.centralIdNumber;
  if (item.idCardRequired && !idNumber) {
    throw new KioskHostError(who?.idNumber ? 'CARD_NOT_ACCEPTED' : 'NO_IDENTITY');
  }

  const screenOnly = req.screenOnly === true;
  const existing = ctx.session.ticketFor(item.id);
  if (existing) return reprintStored(ctx, existing, item, screenOnly);

  const problem = await ctx.devices.printerProblem();
  if (problem && !screenOnly) {
    throw new KioskHostError(problem, 'checked before issuing: no ticket was issued');
  }

  const sessionId = ctx.session.id;
  let ticket: Ticket;
  let offline = false;
  let upload: Omit<OfflineTicket, 'printStatus'> | undefined;
  const key = randomUUID();
  const asked = Date.now();
  const askOnce = () =>
    ctx.central.http.request('POST', '/api/v1/tickets', {
      // Within ISSUE_BUDGET_MS in all: a resident never waits the link's 8 s for a leased number or
      // an error (a late answer is settled by the outbox like any lost one, see below).
      timeoutMs: Math.max(MIN_TRY_MS, Math.min(ISSUE_TRY_MS, ISSUE_BUDGET_MS - (Date.now() - asked))),
      body: {
        itemId: item.id,
        channel: req.channel,
        ...(idNumber ? { idNumber, identifiedBy: numberSource(ctx) } : {}),
        // A name is sent from a card read only; central keeps no other (issue 11).
        ...(who?.name && who.source === 'card' ? { name: who.name } : {}),
        ...(req.priorityClaim ? { priorityClaim: req.priorityClaim } : {}),
      },
      idempotencyKey: key,
      schema: Ticket,
    });
  // Whether a try may have reached central (then its outcome there is unknown until settled).
  let maybeIssued = false;
  const ask = async () => {
    try {
      return await askOnce();
    } catch (err) {
      if (!(err instanceof CentralRequestError && err.neverSent)) maybeIssued = true;
      throw err;
    }
  };
  // Written before the request leaves: a host killed before the resident is told settles it at its
  // next start (unsettled-issues.ts).
  rememberIssue(ctx.store, key);
  try {
    try {
      ticket = await ask();
    } catch (err) {
      // No answer is not "no ticket": central may have issued it and the answer got lost. Asked
      // again with the same key, central answers with that same ticket if it has one. Not after a
      // slow failure (a timeout): the resident would wait twice as long for the same outcome.
      if (!ambiguous(err) || Date.now() - asked > QUICK_FAILURE_MS) throw err;
      ticket = await ask();
    }
  } catch (err) {
    if (!ambiguous(err)) {
      forgetIssue(ctx.store, key); // central answered for good: nothing to settle
      throw err;
    }
    // Still unsettled: the resident gets a leased number or an error, so whatever central issued
    // under this key must not wait for an agent. The outbox settles it: central cancels the ticket
    // of this key, or closes the key so a late copy of the request issues nothing.
    if (maybeIssued) abandonIssue(ctx, key);
    else forgetIssue(ctx.store, key);
    if (req.channel !== 'window')
      throw new KioskHostError('UNAVAILABLE', 'video help needs the central service');
    ({ ticket, upload } = issueOffline(ctx, item, ctx.session.identifiedBy));
    offline = true;
  }
  ctx.store.tickets.put({
    id: ticket.id,
    number: ticket.number,
    itemId: item.id,
    serviceDay: ticket.serviceDay,
    offline,
    ticket,
  });
  if (ctx.session.id === sessionId) ctx.session.rememberTicket(item.id, ticket.id);
  // With the outcome recorded (and, for a ticket central knows, reported; the page hears it too).
  const { print, ticket: printed } = screenOnly
    ? {
        print: { printed: false, reason: problem ?? null },
        ticket: recordPrint(ctx, ticket.id, 'screen_only'),
      }
    : await printTicket(ctx, ticket, item, offline);
  const printStatus = printed?.printStatus ?? ticket.printStatus;
  // Queued once the print is over, with its outcome. (A host that dies mid-print leaves that number
  // unused centrally rather than claiming a ticket the resident may not hold.)
  if (upload) {
    ctx.central.enqueue({
      kind: 'offline.ticket',
      path: '/api/v1/leases/upload',
      body: { tickets: [{ ...upload, printStatus }] },
    });
  }
  const result = { ticket: printed ?? { ...ticket, printStatus }, print, offline };
  ctx.logger.log(
    'info',
    'tickets',
    `${ticket.number} ${item.code} ${req.channel}${offline ? ' offline' : ''}${ticket.reprint ? ' (reprint)' : ''}` +
      ` for ${who?.idNumber ? maskIdNumber(who.idNumber) : 'anonymous'}: ${print.printed ? 'printed' : screenOnly ? `on screen only (${print.reason ?? 'chosen'})` : `not printed (${print.reason})`}`,
  );
  // Central just answered: the link lets a lease through now, whatever the sync loop's last round
  // met. Refilled in the background (the block may also need to grow with the kiosk's rate).
  if (req.channel === 'window' && !offline) void ctx.central.refillLeases();
  // Last, right before the page is told: from here the resident holds this ticket.
  if (!offline) forgetIssue(ctx.store, key);
  return result;
}

/**
 * What central is told about the number it gets: `card` when this host's reader produced it, else
 * `typed`. Taken from the host's own session, never from the page's request (the page cannot claim
 * a card read: tickets.issue has no such field, and the schema strips unknown ones).
 */
export function numberSource(ctx: HostContext): 'card' | 'typed' {
  return ctx.session.identifiedBy === 'card' ? 'card' : 'typed';
}

/** A first try that failed within this long is asked again at once. */
const QUICK_FAILURE_MS = 2000;
/** Time limit of one try of a ticket issue, and of both tries together. */
const ISSUE_TRY_MS = 4000;
const ISSUE_BUDGET_MS = 5000;
const MIN_TRY_MS = 1000;

/** A failed issue whose outcome at central is unknown: no answer, a 5xx, or its first try still running. */
const ambiguous = (err: unknown) =>
  err instanceof CentralRequestError && (err.unreachable || err.code === 'REQUEST_IN_PROGRESS');

/**
 * A window ticket from a leased number block; the caller queues its upload (`upload` plus the print
 * status) for when central returns.
 */
function issueOffline(
  ctx: HostContext,
  item: ServiceItem,
  identifiedBy: Ticket['identifiedBy'],
): { ticket: Ticket; upload: Omit<OfflineTicket, 'printStatus'> } {
  const now = new Date();
  const n = ctx.store.leases.take(item.id, shanghaiDay(now), now);
  if (!n) throw new KioskHostError('NO_LEASED_NUMBERS');
  const issuedAt = now.toISOString();
  const ticket: Ticket = {
    id: `offline-${n.leaseId}-${n.number}`,
    number: n.number,
    centreId: n.centreId,
    stationId: placeNames(ctx).stationId,
    itemId: item.id,
    channel: 'window',
    status: 'waiting',
    priority: 'normal',
    serviceDay: n.serviceDay,
    issuedAt,
    calledAt: null,
    printStatus: 'pending',
    waitingAhead: null,
    estimate: null,
    reprint: false,
    offline: true,
    identifiedBy: identifiedBy ?? null,
  };
  return {
    ticket,
    upload: { leaseId: n.leaseId, number: n.number, issuedAt, ...(identifiedBy ? { identifiedBy } : {}) },
  };
}

/**
 * Prints a stored ticket and records the outcome through the print state machine (recordPrint), which
 * reports it to central and to the page. Returns the outcome and the ticket as recorded now.
 */
export async function printTicket(
  ctx: HostContext,
  ticket: Ticket,
  item: ServiceItem,
  offline: boolean,
): Promise<{ print: PrintOutcome; ticket: Ticket | undefined }> {
  const names = placeNames(ctx);
  const print = await ctx.devices.print({
    kind: 'ticket',
    ticket,
    item,
    stationName: names.stationName,
    centreName: names.centreName,
    ...(offline ? { note: offlineNote } : {}),
  });
  return { print, ticket: recordPrint(ctx, ticket.id, print.printed ? 'printed' : 'failed') };
}

async function reprintStored(
  ctx: HostContext,
  ticketId: string,
  item: ServiceItem,
  screenOnly = false,
): Promise<IssueTicketResult> {
  const stored = ctx.store.tickets.get(ticketId);
  if (!stored) throw new KioskHostError('NOT_FOUND', `ticket ${ticketId} is not known here`);
  const ticket = { ...Ticket.parse(stored.ticket), reprint: true };
  const problem = await ctx.devices.printerProblem();
  // Screen only, or a printer known not to print: the existing number is shown again, nothing is
  // printed, recorded or reported.
  if (problem || screenOnly) {
    return { ticket, print: { printed: false, reason: problem ?? null }, offline: stored.offline };
  }
  // An offline ticket that had no paper and now has: recorded, and reported once central knows it
  // (its upload, if still queued, is corrected after acceptance: offline-sync.ts).
  const printed = await printTicket(ctx, ticket, item, stored.offline);
  return {
    ticket: { ...(printed.ticket ?? ticket), reprint: true },
    print: printed.print,
    offline: stored.offline,
  };
}

export async function reprintTicket(ctx: HostContext, ticketId: string): Promise<PrintOutcome> {
  const stored = ctx.store.tickets.get(ticketId);
  if (!stored) throw new KioskHostError('NOT_FOUND', `ticket ${ticketId} was not issued here`);
  const item = await findItem(ctx, stored.itemId);
  return (await reprintStored(ctx, ticketId, item)).print;
}

export async function getTicket(ctx: HostContext, ticketId: string): Promise<Ticket> {
  const stored = ctx.store.tickets.get(ticketId);
  // An offline ticket answers with central's live status once its upload was accepted.
  const centralId = ticketId.startsWith('offline-')
    ? stored && StoredTicketBody.parse(stored.ticket).centralId
    : ticketId;
  if (centralId) {
    try {
      const live = await ctx.central.http.request('GET', `/api/v1/tickets/${encodeURIComponent(centralId)}`, {
        schema: Ticket,
      });
      return centralId === ticketId ? live : { ...live, id: ticketId };
    } catch (err) {
      if (!(err instanceof CentralRequestError && err.unreachable)) throw err;
    }
  }
  if (!stored) throw new KioskHostError('NOT_FOUND', `ticket ${ticketId}`);
  return Ticket.parse(stored.ticket);
}
