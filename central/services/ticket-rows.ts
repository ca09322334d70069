import type { Ticket } from '../../contract/ticket';
import { toBool } from '../db/db';
import { iso } from '../domain/time';

// The tickets table row and its mapping to the contract's Ticket.

export interface TicketRow {
  id: string;
  number: string;
  seq: number;
  centre_id: string;
  station_id: string | null;
  kiosk_id: string | null;
  item_id: string;
  channel: Ticket['channel'];
  skill_group: string;
  status: Ticket['status'];
  priority: Ticket['priority'];
  service_day: string;
  issued_at: number;
  due_at: number | null;
  called_at: number | null;
  served_at: number | null;
  finished_at: number | null;
  print_status: Ticket['printStatus'];
  resident_id: string | null;
  agent_id: string | null;
  target_agent_id: string | null;
  recall_count: number;
  parked: number;
  outcome: Ticket['outcome'];
  transferred_to_id: string | null;
  transferred_from_id: string | null;
  appointment_id: string | null;
  lease_id: string | null;
  offline: number;
  /** The counter a window ticket was called to (migration 007; absent on a row built in code before a call). */
  counter?: string | null;
  /** A ticket continuing a transferred one: who moved it, when, their note (migration 009). */
  transfer_note?: string | null;
  transfer_by?: string | null;
  transfer_by_name?: string | null;
  transfer_at?: number | null;
  /** Why it has priority: age or the resident's claim (migration 011). */
  priority_reason?: Ticket['priorityReason'];
  /** How the resident was identified: card, typed, code, none (migration 018; null before). */
  identified_by?: Ticket['identifiedBy'];
}

export const TICKET_COLUMNS = `id, number, seq, centre_id, station_id, kiosk_id, item_id, channel, skill_group, status,
  priority, service_day, issued_at, due_at, called_at, served_at, finished_at, print_status, resident_id,
  agent_id, target_agent_id, recall_count, parked, outcome, transferred_to_id, transferred_from_id,
  appointment_id, lease_id, offline, counter, transfer_note, transfer_by, transfer_by_name, transfer_at,
  priority_reason, identified_by`;

export function ticketOf(
  r: TicketRow,
  extra: {
    publicUrl: string;
    waitingAhead?: number | null;
    estimate?: Ticket['estimate'];
    reprint?: boolean;
  },
): Ticket {
  return {
    id: r.id,
    number: r.number,
    centreId: r.centre_id,
    stationId: r.station_id,
    itemId: r.item_id,
    channel: r.channel,
    status: r.status,
    priority: r.priority,
    priorityReason: r.priority === 'priority' ? (r.priority_reason ?? null) : null,
    serviceDay: r.service_day,
    issuedAt: iso(r.issued_at)!,
    calledAt: iso(r.called_at),
    dueAt: iso(r.due_at),
    printStatus: r.print_status,
    waitingAhead: extra.waitingAhead ?? null,
    estimate: extra.estimate ?? null,
    reprint: extra.reprint ?? false,
    statusUrl: `${extra.publicUrl}/t/${r.id}`,
    skillGroup: r.skill_group,
    agentId: r.agent_id ?? r.target_agent_id,
    recallCount: r.recall_count,
    counter: r.counter ?? null,
    parked: toBool(r.parked),
    outcome: r.outcome,
    transferredToId: r.transferred_to_id,
    offline: toBool(r.offline),
    appointmentId: r.appointment_id,
    identifiedBy: r.identified_by ?? null,
    transfer: r.transfer_at
      ? {
          fromTicketId: r.transferred_from_id,
          byStaffId: r.transfer_by ?? null,
          byName: r.transfer_by_name ?? null,
          at: iso(r.transfer_at),
          note: r.transfer_note ?? null,
        }
      : null,
  };
}

/** The fields the call order looks at, from a row (counts come back as strings on some drivers). */
export function orderable(r: Pick<TicketRow, 'id' | 'priority' | 'issued_at' | 'due_at' | 'seq'>) {
  return {
    id: r.id,
    priority: r.priority,
    issuedAt: Number(r.issued_at),
    dueAt: r.due_at === null ? null : Number(r.due_at),
    seq: Number(r.seq),
  };
}
