import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDb, StoreFromTheFutureError } from '../../../main/host/store/db';
import { MIGRATIONS } from '../../../main/host/store/migrations';
import { LocalStore, PlaintextIdNumberError } from '../../../main/host/store';

// The local store: numbered migrations on user_version, STRICT tables, and no plaintext ID number.

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'doorstep-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('local store migrations', () => {
  it('brings a new file to the latest version with STRICT tables', () => {
    const store = LocalStore.open(join(tmp(), 'kiosk.db'));
    expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    const tables = store.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual(
      ['config', 'event_cursor', 'leases', 'outbox', 'print_jobs', 'station', 'tickets'].sort(),
    );
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT\s*$/);
    store.close();
  });

  it('keeps data across reopening and does not re-run migrations', () => {
    const file = join(tmp(), 'kiosk.db');
    const a = LocalStore.open(file);
    a.settings.set('k', 'v');
    a.close();
    const b = LocalStore.open(file);
    expect(b.settings.get('k')).toBe('v');
    expect(b.schemaVersion()).toBe(MIGRATIONS.length);
    b.close();
  });

  it('applies only the steps after the stored version, in order', () => {
    const db = new Database(':memory:');
    const steps = ['CREATE TABLE a (x INTEGER) STRICT;', 'ALTER TABLE a ADD COLUMN y TEXT;'];
    expect(migrate(db, steps.slice(0, 1))).toBe(1);
    expect(migrate(db, steps)).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('rolls back a failing step and leaves the version unchanged', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, ['CREATE TABLE a (x INTEGER) STRICT; CREATE TABLE a (y INTEGER);'])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a store written by newer software', () => {
    const file = join(tmp(), 'kiosk.db');
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openDb(file)).toThrow(StoreFromTheFutureError);
  });

  it('STRICT tables refuse a value of the wrong type', () => {
    const store = LocalStore.open(join(tmp(), 'kiosk.db'));
    expect(() =>
      store.db
        .prepare(`INSERT INTO leases VALUES ('l', 'c', 'i', 'A', '2026-11-21', 'one', 2, 1, NULL)`)
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    store.close();
  });
});

describe('no plaintext ID number on disk', () => {
  it('refuses an outbox body, setting or ticket that holds a valid ID number', () => {
    const store = LocalStore.open(join(tmp(), 'kiosk.db'));
    const id = '11010519491231002X';
    expect(() => store.outbox.enqueue({ kind: 't', path: '/x', body: { idNumber: id } })).toThrow(
      PlaintextIdNumberError,
    );
    expect(() => store.settings.set('who', `name ${id.toLowerCase()}`)).toThrow(PlaintextIdNumberError);
    expect(store.outbox.depth()).toBe(0);
    // Masked numbers and other long digit runs (ticket ids, times) are fine.
    store.outbox.enqueue({
      kind: 't',
      path: '/x',
      body: { who: '110105********002X', n: '123456789012345678' },
    });
    expect(store.outbox.depth()).toBe(1);
    store.close();
  });
});
