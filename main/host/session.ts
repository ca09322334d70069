import { EventEmitter } from 'node:events';
import { birthDateOfIdNumber, isValidIdNumber, maskIdNumber } from '../../contract/gb11643';
import type { IdCardRecord } from '../../contract/idcard';
import type { KioskIdentity } from '../../contract/kiosk';
import type { IdentifiedBy } from '../../contract/ticket';

// The person at the kiosk, in memory only, for one session (architecture decision 5). Nothing here is
// ever written to disk; ending the session (card removed, session.end, idle timeout in the renderer)
// drops every reference. The renderer sees only toIdentity(): name, masked number, age.

export interface SessionIdentity {
  source: KioskIdentity['source'];
  /** The full number, needed by central to issue, book and check in; never stored or logged. */
  idNumber: string | null;
  name: string | null;
  record: IdCardRecord | null;
  appointmentCode: string | null;
}

/** Age in whole years on `today` (YYYY-MM-DD) for a birth date YYYY-MM-DD. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function shanghaiDay(at = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export class KioskSession extends EventEmitter<{ started: [KioskIdentity]; ended: [reason: string] }> {
  private current: SessionIdentity | null = null;
  /** Ticket ids issued in this session by item id: a second request reprints instead of issuing. */
  private readonly ticketsByItem = new Map<string, string>();
  private generation = 0;

  get active(): boolean {
    return this.current !== null;
  }

  /** Changes with every start and end: a call compares it to notice that its session ended meanwhile. */
  get id(): number {
    return this.generation;
  }

  get identity(): SessionIdentity | null {
    return this.current;
  }

  /**
   * The number central can take (a valid GB 11643 number: resident cards, HMT permits, typed entry),
   * or null (no session, appointment code, foreign permanent residence card).
   */
  get centralIdNumber(): string | null {
    const n = this.current?.idNumber;
    return n && isValidIdNumber(n) ? n : null;
  }

  /**
   * How the person was identified, as this host observed it (issue 11): `card` only when its own
   * reader produced the identity (startFromCard, called by the device manager, never by the page).
   * Central records it with the ticket or appointment and shows staff a typed one as unverified.
   */
  get identifiedBy(): IdentifiedBy {
    const source = this.current?.source;
    if (source === 'card') return 'card';
    if (source === 'manual') return 'typed';
    if (source === 'appointment_code') return 'code';
    return 'none';
  }

  startFromCard(record: IdCardRecord): KioskIdentity {
    return this.start({
      source: 'card',
      idNumber: record.idNumber,
      name: record.name,
      record,
      appointmentCode: null,
    });
  }

  startFromManual(idNumber: string): KioskIdentity {
    return this.start({
      source: 'manual',
      idNumber: idNumber.toUpperCase(),
      name: null,
      record: null,
      appointmentCode: null,
    });
  }

  startFromAppointmentCode(code: string, residentMasked: string): KioskIdentity {
    this.start({
      source: 'appointment_code',
      idNumber: null,
      name: null,
      record: null,
      appointmentCode: code,
    });
    return { ...this.toIdentity()!, idMasked: residentMasked };
  }

  private start(identity: SessionIdentity): KioskIdentity {
    this.wipe();
    this.generation++;
    this.current = identity;
    const view = this.toIdentity()!;
    this.emit('started', view);
    return view;
  }

  rememberTicket(itemId: string, ticketId: string): void {
    if (this.current) this.ticketsByItem.set(itemId, ticketId);
  }

  ticketFor(itemId: string): string | undefined {
    return this.ticketsByItem.get(itemId);
  }

  /** Ends the session and forgets the identity; a no-op when none is active. */
  end(reason: string): void {
    if (!this.current) return;
    this.wipe();
    this.generation++;
    this.emit('ended', reason);
  }

  private wipe(): void {
    this.current = null;
    this.ticketsByItem.clear();
  }

  /** What the renderer may show. */
  toIdentity(today = shanghaiDay()): KioskIdentity | null {
    const c = this.current;
    if (!c) return null;
    const birth =
      c.record?.birthDate ??
      (c.idNumber && c.idNumber.length === 18 ? birthDateOfIdNumber(c.idNumber) : null);
    const age = birth ? ageOn(birth, today) : null;
    return {
      source: c.source,
      cardType: c.record?.cardType ?? (c.idNumber ? 'resident' : null),
      name: c.name,
      sex: c.record?.sex ?? null,
      idMasked: c.idNumber ? maskIdNumber(c.idNumber) : '',
      age: age !== null && age >= 0 ? age : null,
      senior: age !== null && age >= 70,
      expired: c.record?.expired ?? false,
    };
  }
}
