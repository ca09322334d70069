import { openDb, type Db } from './db';
import { Leases } from './leases';
import { Outbox } from './outbox';
import { EventCursor, PrintJobs, Settings, StationStore, TicketStore } from './records';

export { PlaintextIdNumberError, assertNoIdNumber, containsIdNumber } from './privacy';
export { StoreFromTheFutureError } from './db';
export type { OutboxEntry, NewOutboxEntry } from './outbox';
export type { LeasedNumber, LeasedNumberBlock } from './leases';
export { formatTicketNumber } from './leases';
export type { StationRecord, StoredTicket } from './records';

/** The kiosk's local store (better-sqlite3): one file in the data folder. */
export class LocalStore {
  readonly settings: Settings;
  readonly station: StationStore;
  readonly outbox: Outbox;
  readonly leases: Leases;
  readonly tickets: TicketStore;
  readonly printJobs: PrintJobs;
  readonly cursor: EventCursor;

  private constructor(readonly db: Db) {
    this.settings = new Settings(db);
    this.station = new StationStore(db);
    this.outbox = new Outbox(db);
    this.leases = new Leases(db);
    this.tickets = new TicketStore(db);
    this.printJobs = new PrintJobs(db);
    this.cursor = new EventCursor(db);
  }

  static open(file: string): LocalStore {
    return new LocalStore(openDb(file));
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
