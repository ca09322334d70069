import type { IssueTicketRequest } from '../../contract/api/tickets';
import { DoorstepError } from '../../contract/errors';
import { initialPrintStatus } from '../../contract/print-status';
import {
  MAX_TICKET_SEQ,
  type IdentifiedBy,
  type PriorityReason,
  type Ticket,
  type TicketPriority,
} from '../../contract/ticket';
import { randomBytes } from 'node:crypto';
import { isKeyViolation, isUniqueViolation, type Param, type Queryable } from '../db/db';
import { ageOn, serviceDayOf } from '../domain/time';
import { newId } from '../security/secrets';
import { actorOf, assertCentre, type Ctx, type PendingEvent, type Principal, writeAudit } from './context';
import { EVENTS_LOCK, appendEvents } from './event-hub';
import { WAITING_SQL, aheadOfNewSql, positionOf, queueOf, queueSummaries } from './queues';
import type { QueueSummary } from '../../contract/queue';
import { estimateWait } from '../domain/estimate';
import { type ResidentValues, UPSERT_RESIDENT, residentValues, upsertResident } from './residents';
import { TICKET_COLUMNS, ticketOf, type TicketRow } from './ticket-rows';

// Issuing tickets and reading them back (domain.md "Tickets").

export const formatNumber = (prefix: string, seq: number) => `${prefix}${String(seq).padStart(3, '0')}`;

/** Video tickets are numbered V…, window tickets with the item's window-group prefix (domain.md). */
export const prefixFor = (itemPrefix: string, channel: 'video' | 'window') =>
  channel === 'video' ? 'V' : itemPrefix;

export async function loadTicket(q: Queryable, id: string): Promise<TicketRow> {
  const row = await q.get<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ?`, [id]);
  if (!row) throw new DoorstepError('NOT_FOUND', `no ticket ${id}`);
  return row;
}

/** Takes the next sequence number(s) of a centre's prefix for a service day. */
export async function takeSeq(
  q: Queryable,
  centreId: string,
  prefix: string,
  day: string,
  count = 1,
): Promise<number> {
  const row = await q.get<{ last_seq: number }>(
    `INSERT INTO ticket_counters (centre_id, prefix, service_day, last_seq) VALUES (?, ?, ?, ?)
     ON CONFLICT (centre_id, prefix, service_day) DO UPDATE SET last_seq = ticket_counters.last_seq + ?
     RETURNING last_seq`,
    [centreId, prefix, day, count, count],
  );
  const last = Number(row!.last_seq);
  // Past the day's range the contract's number pattern ends: refuse (the transaction rolls back,
  // the counter with it) instead of issuing a number nobody could read back.
  if (last > MAX_TICKET_SEQ) {
    throw new DoorstepError(
      'CONFLICT',
      `the numbers of prefix ${prefix} for ${day} are used up (${MAX_TICKET_SEQ} a day)`,
    );
  }
  return last - count + 1;
}

/** The ticket as the API shows it: with position and estimate while it waits. */
export async function present(ctx: Ctx, q: Queryable, row: TicketRow, reprint = false): Promise<Ticket> {
  const pos = row.status === 'waiting' ? await positionOf(ctx, q, row) : null;
  return ticketOf(row, {
    publicUrl: ctx.publicUrl(row.centre_id),
    waitingAhead: pos?.ahead ?? null,
    estimate: pos?.estimate ?? null,
    reprint,
  });
}

/** Writes the events of a change and the queue summary of each queue it touched. */
export async function flushTicketEvents(
  ctx: Ctx,
  q: Queryable,
  events: PendingEvent[],
  queues: Array<Pick<TicketRow, 'centre_id' | 'item_id' | 'channel'>>,
  known: QueueSummary[] = [],
): Promise<void> {
  const seen = new Set<string>();
  for (const s of known) {
    seen.add(`${s.centreId}/${s.itemId}/${s.channel}`);
    events.push({ centreId: s.centreId, type: 'queue.changed', data: { queues: [s] } });
  }
  for (const t of queues) {
    const key = `${t.centre_id}/${t.item_id}/${t.channel}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const summaries = await queueSummaries(ctx, q, t.centre_id, { itemId: t.item_id, channel: t.channel });
    events.push({ centreId: t.centre_id, type: 'queue.changed', data: { queues: summaries } });
  }
  await appendEvents(q, ctx.clock().getTime(), events);
}

/**
 * Writes the response of the request's Idempotency-Key in the issuing transaction (its last
 * statement) and returns the body text to send; `row` lets one PostgreSQL statement write it itself
 * (a taken key then fails that statement on the idempotency primary key). See http/idempotency.ts.
 */
export interface IssueRecorder {
  (q: Queryable, status: number, body: unknown): Promise<string>;
  readonly row: { principal: string; key: string; method: string; path: string; at: number };
}

export async function issueTicket(
  ctx: Ctx,
  p: Principal,
  req: IssueTicketRequest,
  opts: {
    priority?: TicketPriority;
    dueAt?: number;
    appointmentId?: string;
    /** How the resident was identified, when the caller knows better than the request (check-in). */
    identifiedBy?: IdentifiedBy;
    /** Runs in this transaction (the caller's) instead of its own. */
    q?: Queryable;
    record?: IssueRecorder;
  } = {},
): Promise<{ ticket: Ticket; created: boolean; recorded?: string }> {
  const item = ctx.catalog.get(req.itemId);
  if (!item.active) throw new DoorstepError('CONFLICT', `service item ${item.id} is not offered now`);
  if (!item.channels.includes(req.channel)) {
    throw new DoorstepError('VALIDATION_FAILED', `item ${item.id} has no ${req.channel} channel`, [
      { path: 'channel', message: `offered channels: ${item.channels.join(', ')}` },
    ]);
  }
  const centreId = p.kind === 'station' ? p.centreId : req.centreId;
  if (!centreId) {
    throw new DoorstepError('VALIDATION_FAILED', 'centreId is required', [
      { path: 'centreId', message: 'required' },
    ]);
  }
  assertCentre(p, centreId);
  const offered = ctx.settings.get().priorityClaims;
  if (req.priorityClaim && !offered.includes(req.priorityClaim)) {
    throw new DoorstepError('VALIDATION_FAILED', `priority claim ${req.priorityClaim} is not offered`, [
      {
        path: 'priorityClaim',
        message: offered.length ? `offered claims: ${offered.join(', ')}` : 'no priority claim is offered',
      },
    ]);
  }
  if (item.idCardRequired && !req.idNumber) {
    throw new DoorstepError('VALIDATION_FAILED', 'this item needs an ID card', [
      { path: 'idNumber', message: 'required for this service item' },
    ]);
  }
  const identifiedBy = opts.identifiedBy ?? identifiedByOf(req);
  // A name is kept from a card read only: a typed number with a name would file anyone's number under
  // a name of the typist's choosing (issue 11).
  const name = identifiedBy === 'card' ? req.name : undefined;
  const plan = (): IssuePlan => {
    const now = ctx.clock().getTime();
    const day = serviceDayOf(now);
    const resident = req.idNumber ? residentValues(ctx.pii, req.idNumber, name, now) : null;
    let priority: TicketPriority = opts.priority ?? 'normal';
    let reason: PriorityReason | null = null;
    if (priority === 'normal' && req.priorityClaim) [priority, reason] = ['priority', req.priorityClaim];
    if (priority === 'normal' && resident && ageOn(resident.birthDate, day) >= ctx.settings.get().priorityAge)
      [priority, reason] = ['priority', 'age'];
    const row: TicketRow = {
      id: newId('t'),
      number: '',
      seq: 0,
      centre_id: centreId,
      station_id: p.kind === 'station' ? p.stationId : null,
      kiosk_id: p.kind === 'station' ? p.kioskId : null,
      item_id: item.id,
      channel: req.channel,
      skill_group: item.skillGroup,
      status: 'waiting',
      priority,
      service_day: day,
      issued_at: now,
      due_at: opts.dueAt ?? null,
      called_at: null,
      served_at: null,
      finished_at: null,
      print_status: initialPrintStatus(p.kind === 'station'),
      resident_id: null,
      agent_id: null,
      target_agent_id: null,
      recall_count: 0,
      parked: 0,
      outcome: null,
      transferred_to_id: null,
      transferred_from_id: null,
      appointment_id: opts.appointmentId ?? null,
      lease_id: null,
      offline: 0,
      priority_reason: reason,
      identified_by: identifiedBy,
    };
    return { now, resident, row, prefix: prefixFor(item.ticketPrefix, req.channel) };
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const r =
        // During a key rotation (older keys in the ring) a resident may first need moving to the
        // current key's hash: the statement-by-statement path does that (residents.ts).
        ctx.db.kind === 'postgres' && !opts.q && ctx.pii.keyIds.length === 1
          ? await issueOnPostgres(ctx, p, plan(), opts.record)
          : opts.q
            ? await issueIn(ctx, opts.q, p, plan(), opts.record)
            : await ctx.db.tx((q) => issueIn(ctx, q, p, plan(), opts.record));
      if (r.created && !opts.q) ctx.hub.notify([centreId]);
      return r;
    } catch (err) {
      // Two requests for the same resident and item raced: the second finds the first's ticket.
      if (!isUniqueViolation(err) || isKeyViolation(err) || attempt > 0 || opts.q) throw err;
    }
  }
}

/**
 * How the resident of a request was identified: what the kiosk host says it observed; without that
 * (older kiosks, staff) a number that came with a name was read from a card (only a card read gives
 * one), any other number was typed.
 */
export function identifiedByOf(req: {
  idNumber?: string | undefined;
  name?: string | undefined;
  identifiedBy?: 'card' | 'typed' | undefined;
}): IdentifiedBy {
  if (!req.idNumber) return 'none';
  return req.identifiedBy ?? (req.name ? 'card' : 'typed');
}

/**
 * A resident waits once per item in the whole district; asked for again at another centre, the
 * existing ticket (number, place, QR link) is not handed to that centre's kiosk or staff: 409.
 */
function sameCentre(existingCentre: string, askedCentre: string): void {
  if (existingCentre !== askedCentre)
    throw new DoorstepError('CONFLICT', 'this resident already waits for this service at another centre');
}

/** What an issue will write, decided before touching the database. */
interface IssuePlan {
  now: number;
  resident: ResidentValues | null;
  /** The new ticket; number, seq and resident id are filled in when they are known. */
  row: TicketRow;
  prefix: string;
}

interface IssueResult {
  ticket: Ticket;
  created: boolean;
  recorded?: string;
}

/** The queue summary after the new ticket joins it, and the ticket's own place and estimate. */
async function placeOf(
  ctx: Ctx,
  q: Queryable,
  row: TicketRow,
  waitingBefore: number,
  aheadIfNotLast: () => Promise<number>,
): Promise<{ summary: QueueSummary; ahead: number; estimate: Ticket['estimate'] }> {
  const before = await queueOf(ctx, q, row.centre_id, row.item_id, row.channel, waitingBefore);
  const waiting = waitingBefore + 1;
  const summary = {
    ...before.summary,
    waiting,
    estimate: estimateWait(waiting, before.mean, before.summary.agentsServing),
  };
  // A new normal ticket is last in its queue: every other waiting ticket is ahead of it.
  const ahead = row.priority === 'normal' ? waitingBefore : await aheadIfNotLast();
  return { summary, ahead, estimate: estimateWait(ahead, before.mean, summary.agentsServing) };
}

const auditDetail = (row: TicketRow) => ({
  itemId: row.item_id,
  channel: row.channel,
  ...(row.priority_reason ? { priorityReason: row.priority_reason } : {}),
  identifiedBy: row.identified_by ?? null,
});

/** Issuing statement by statement in a transaction (SQLite, and a caller's transaction). */
async function issueIn(
  ctx: Ctx,
  q: Queryable,
  p: Principal,
  { now, resident, row, prefix }: IssuePlan,
  record: IssueRecorder | undefined,
): Promise<IssueResult> {
  if (resident) {
    row.resident_id = (await upsertResident(q, resident)).id;
    const existing = await q.get<TicketRow>(
      `SELECT ${TICKET_COLUMNS} FROM tickets WHERE item_id = ? AND resident_id = ? AND status = 'waiting'`,
      [row.item_id, row.resident_id],
    );
    if (existing) {
      sameCentre(existing.centre_id, row.centre_id);
      const ticket = await present(ctx, q, existing, true);
      return { ticket, created: false, recorded: await record?.(q, 200, ticket) };
    }
  }
  // Everything that only reads, and the audit row, comes before the number is taken: on PostgreSQL the
  // counter row stays locked from then to the commit, so that stretch is kept to a few statements.
  const waiting = await q.get<{ n: number }>(WAITING_SQL, [row.centre_id, row.item_id, row.channel]);
  const place = await placeOf(ctx, q, row, Number(waiting?.n ?? 0), async () => {
    const a = aheadOfNewSql(ctx, row, now);
    return Number((await q.get<{ n: number }>(a.sql, a.params))?.n ?? 0);
  });
  await writeAudit(
    q,
    now,
    p,
    'ticket.issue',
    { type: 'ticket', id: row.id },
    row.centre_id,
    auditDetail(row),
  );
  row.seq = await takeSeq(q, row.centre_id, prefix, row.service_day);
  row.number = formatNumber(prefix, row.seq);
  await q.run(INSERT_TICKET, ticketValues(row));
  const ticket = ticketOf(row, {
    publicUrl: ctx.publicUrl(row.centre_id),
    waitingAhead: place.ahead,
    estimate: place.estimate,
  });
  const events: PendingEvent[] = [{ centreId: row.centre_id, type: 'ticket.issued', data: { ticket } }];
  await flushTicketEvents(ctx, q, events, [], [place.summary]);
  return { ticket, created: true, recorded: await record?.(q, 201, ticket) };
}

const INSERT_TICKET = `INSERT INTO tickets (id, number, seq, centre_id, station_id, kiosk_id, item_id, channel, skill_group, status,
         priority, service_day, issued_at, due_at, print_status, resident_id, appointment_id, priority_reason,
         identified_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const ticketValues = (r: TicketRow) => [
  r.id,
  r.number,
  r.seq,
  r.centre_id,
  r.station_id,
  r.kiosk_id,
  r.item_id,
  r.channel,
  r.skill_group,
  r.priority,
  r.service_day,
  r.issued_at,
  r.due_at,
  r.print_status,
  r.resident_id,
  r.appointment_id,
  r.priority_reason ?? null,
  r.identified_by ?? null,
];

/**
 * Stands for the ticket number in the JSON written by the issuing statement on PostgreSQL, which
 * takes the number itself; replaced there and here by the number as a JSON string.
 */
const NUMBER_MARK = `#number-${randomBytes(8).toString('hex')}#`;
const withNumber = (json: string, number: string) =>
  json.replaceAll(JSON.stringify(NUMBER_MARK), JSON.stringify(number));

/**
 * Issuing on PostgreSQL in two round trips and no open transaction: one read (waiting count, the
 * resident's waiting ticket, the place of a priority ticket), then one statement that writes the
 * resident, takes the number, inserts the ticket, the audit row, the events and the idempotency
 * record, and commits. Row and advisory locks are held only while that statement runs, never across a
 * round trip to this process, so issues of one centre do not queue behind a busy event loop. The
 * locks are taken in the order of the statement-by-statement path (resident, counter, ticket,
 * events, idempotency key): the two paths never wait on each other in a cycle.
 */
async function issueOnPostgres(
  ctx: Ctx,
  p: Principal,
  { now, resident, row, prefix }: IssuePlan,
  record: IssueRecorder | undefined,
): Promise<IssueResult> {
  const db = ctx.db;
  const ahead = row.priority === 'normal' ? null : aheadOfNewSql(ctx, row, now);
  const read = await db.get<{ waiting: number; ahead: number | null; existing_id: string | null }>(
    `SELECT (${WAITING_SQL}) AS waiting, ${ahead ? `(${ahead.sql})` : 'NULL'} AS ahead,
       t.id AS existing_id
     FROM (SELECT 1 AS one) o
     LEFT JOIN residents r ON r.id_hash = ?
     LEFT JOIN tickets t ON t.resident_id = r.id AND t.item_id = ? AND t.status = 'waiting'`,
    [row.centre_id, row.item_id, row.channel, ...(ahead?.params ?? []), resident?.hash ?? null, row.item_id],
  );
  const existingId = read?.existing_id;
  if (existingId) {
    // The resident already waits for the item: the same ticket back (a name first given now is kept).
    return db.tx(async (q) => {
      const existing = await loadTicket(q, existingId);
      sameCentre(existing.centre_id, row.centre_id);
      await upsertResident(q, resident!);
      const ticket = await present(ctx, q, existing, true);
      return { ticket, created: false, recorded: await record?.(q, 200, ticket) };
    });
  }
  const place = await placeOf(ctx, db, row, Number(read?.waiting ?? 0), async () => Number(read?.ahead ?? 0));
  row.number = NUMBER_MARK;
  const ticket = ticketOf(row, {
    publicUrl: ctx.publicUrl(row.centre_id),
    waitingAhead: place.ahead,
    estimate: place.estimate,
  });
  const events: PendingEvent[] = [
    { centreId: row.centre_id, type: 'ticket.issued', data: { ticket } },
    { centreId: row.centre_id, type: 'queue.changed', data: { queues: [place.summary] } },
  ];
  const body = record ? JSON.stringify(ticket) : null;
  const actor = actorOf(p);
  const params: Param[] = [];
  const v = (...xs: Param[]) => {
    params.push(...xs);
    return xs.map(() => '?').join(', ');
  };
  const mark = JSON.stringify(NUMBER_MARK);
  const residentCte = resident
    ? `r AS (${UPSERT_RESIDENT.replace('VALUES (?, ?, ?, ?, ?, ?)', `VALUES (${v(...resident.params)})`)}),`
    : '';
  const sql = `WITH ${residentCte}
  c AS (
    INSERT INTO ticket_counters (centre_id, prefix, service_day, last_seq)
    SELECT ${v(row.centre_id, prefix, row.service_day)}, 1 ${resident ? 'FROM r' : ''}
    ON CONFLICT (centre_id, prefix, service_day) DO UPDATE SET last_seq = ticket_counters.last_seq + 1
    RETURNING last_seq AS seq,
      prefix || CASE WHEN last_seq < 100 THEN lpad(last_seq::text, 3, '0') ELSE last_seq::text END AS number),
  t AS (
    INSERT INTO tickets (id, number, seq, centre_id, station_id, kiosk_id, item_id, channel, skill_group, status,
      priority, service_day, issued_at, due_at, print_status, resident_id, appointment_id, priority_reason,
      identified_by)
    SELECT ${v(row.id)}, c.number, c.seq, ${v(row.centre_id, row.station_id, row.kiosk_id, row.item_id)},
      ${v(row.channel, row.skill_group)}, 'waiting', ${v(row.priority, row.service_day)},
      ${v(row.issued_at)}::bigint, ${v(row.due_at)}::bigint, ${v(row.print_status)},
      ${resident ? '(SELECT id FROM r)' : 'NULL'}, ${v(row.appointment_id)}, ${v(row.priority_reason ?? null)},
      ${v(row.identified_by ?? null)}
    FROM c WHERE CASE WHEN c.seq <= ${MAX_TICKET_SEQ} THEN true ELSE 1 / (c.seq - c.seq) = 1 END
    RETURNING seq, number),
  l AS (SELECT pg_advisory_xact_lock(${EVENTS_LOCK}, hashtext(${v(row.centre_id)}::text)) AS locked FROM t),
  e AS (
    INSERT INTO events (centre_id, type, at, data)
    SELECT ev.c, ev.t, ev.a, replace(ev.d, ${v(mark)}::text, to_json(t.number)::text)
    FROM l, t, (VALUES ${events
      .map(
        (e) =>
          `(${v(e.centreId)}::text, ${v(e.type)}::text, ${v(now)}::bigint, ${v(JSON.stringify(e.data))}::text)`,
      )
      .join(', ')}) AS ev (c, t, a, d)),
  a AS (
    INSERT INTO audit (at, actor_type, actor_id, action, subject_type, subject_id, centre_id, detail)
    VALUES (${v(now, actor.type, actor.id, 'ticket.issue', 'ticket', row.id)},
      ${v(row.centre_id, JSON.stringify(auditDetail(row)))}))${
        record
          ? `,
  i AS (
    INSERT INTO idempotency (principal, key, method, path, status, body, created_at)
    SELECT ${v(record.row.principal, record.row.key, record.row.method, record.row.path)}, 201,
      replace(${v(body)}::text, ${v(mark)}::text, to_json(t.number)::text), ${v(record.row.at)}::bigint
    FROM l, t)`
          : ''
      }
  SELECT seq, number FROM t`;
  // Past the day's range (MAX_TICKET_SEQ) the statement divides by zero on purpose: it fails whole,
  // the counter, the resident and the audit row with it, as takeSeq's refusal rolls back a transaction.
  const out = await db.get<{ seq: number; number: string }>(sql, params).catch((err: unknown) => {
    if ((err as { code?: string }).code !== '22012') throw err;
    throw new DoorstepError(
      'CONFLICT',
      `the numbers of prefix ${prefix} for ${row.service_day} are used up (${MAX_TICKET_SEQ} a day)`,
    );
  });
  row.seq = Number(out!.seq);
  row.number = out!.number;
  ticket.number = out!.number;
  return { ticket, created: true, recorded: body === null ? undefined : withNumber(body, out!.number) };
}

export async function getTicket(ctx: Ctx, p: Principal, id: string): Promise<Ticket> {
  const row = await loadTicket(ctx.db, id);
  assertCentre(p, row.centre_id);
  return present(ctx, ctx.db, row);
}
