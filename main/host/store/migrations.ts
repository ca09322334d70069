// Numbered migrations of the kiosk's local store, applied in order on PRAGMA user_version, each in
// one transaction (style.md: Signal's pattern). Append only: never edit a released step.
// STRICT tables. No column may hold a plaintext ID number (architecture decision 5); the store's
// writers also refuse one at run time (privacy.ts).

export const MIGRATIONS: readonly string[] = [
  // 1: configuration, station enrollment, outbox, leased numbers, print jobs, event cursor
  `
  CREATE TABLE config (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- The station token (Bearer) from enrollment; one row.
  CREATE TABLE station (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    station_id TEXT NOT NULL,
    token TEXT NOT NULL,
    info TEXT NOT NULL,
    enrolled_at TEXT NOT NULL
  ) STRICT;

  -- Every mutation for central, in order, with its idempotency key; replayed when the link returns.
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    done_at TEXT
  ) STRICT;

  -- Number blocks leased from central for offline window tickets (LeasedNumberBlock).
  CREATE TABLE leases (
    id TEXT PRIMARY KEY,
    centre_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    prefix TEXT NOT NULL,
    service_day TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    next_seq INTEGER NOT NULL,
    expires_at TEXT,
    CHECK (first_seq <= last_seq),
    CHECK (next_seq BETWEEN first_seq AND last_seq + 1)
  ) STRICT;

  -- Tickets issued at this kiosk (online or from a lease), for reprints and status; no identity.
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL,
    item_id TEXT NOT NULL,
    service_day TEXT NOT NULL,
    offline INTEGER NOT NULL,
    ticket TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE print_jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    ticket_id TEXT,
    state TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;

  -- Last central event id seen, to resume the WebSocket stream.
  CREATE TABLE event_cursor (
    stream TEXT PRIMARY KEY,
    last_event_id TEXT NOT NULL
  ) STRICT;
  `,
];
