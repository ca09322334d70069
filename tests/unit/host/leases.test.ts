import { describe, expect, it } from 'vitest';
import { LocalStore, formatTicketNumber } from '../../../main/host/store';

// Leased number blocks: each number handed out once, in order, block after block, per item and day.

const block = (
  id: string,
  first: number,
  last: number,
  extra: Partial<{ itemId: string; serviceDay: string; expiresAt: string | null }> = {},
) => ({
  id,
  centreId: 'c-zhangjiang',
  itemId: extra.itemId ?? 'i-jzz',
  prefix: 'A',
  serviceDay: extra.serviceDay ?? '2026-11-21',
  firstSeq: first,
  lastSeq: last,
  expiresAt: extra.expiresAt ?? null,
});

describe('leased numbers', () => {
  it('formats numbers as prefix and three digits', () => {
    expect(formatTicketNumber('A', 7)).toBe('A007');
    expect(formatTicketNumber('A', 1234)).toBe('A1234');
  });

  it('hands out each number once, in order, then the next block, then none', () => {
    const store = LocalStore.open(':memory:');
    store.leases.add(block('l2', 51, 52));
    store.leases.add(block('l1', 11, 12));
    const taken = Array.from({ length: 5 }, () => store.leases.take('i-jzz', '2026-11-21')?.number ?? null);
    expect(taken).toEqual(['A011', 'A012', 'A051', 'A052', null]);
    expect(store.leases.remaining('i-jzz', '2026-11-21')).toBe(0);
    store.close();
  });

  it('keeps numbers per item and per service day', () => {
    const store = LocalStore.open(':memory:');
    store.leases.add(block('l1', 1, 3));
    store.leases.add(block('l2', 1, 3, { itemId: 'i-other' }));
    store.leases.add(block('l3', 1, 3, { serviceDay: '2026-11-20' }));
    expect(store.leases.take('i-jzz', '2026-11-21')?.leaseId).toBe('l1');
    expect(store.leases.take('i-other', '2026-11-21')?.leaseId).toBe('l2');
    expect(store.leases.take('i-jzz', '2026-11-22')).toBeNull();
    expect(store.leases.dropBefore('2026-11-21')).toBe(1);
    store.close();
  });

  it('does not hand out numbers of an expired block', () => {
    const store = LocalStore.open(':memory:');
    store.leases.add(block('l1', 1, 3, { expiresAt: '2026-11-21T16:00:00.000Z' }));
    expect(store.leases.take('i-jzz', '2026-11-21', new Date('2026-11-21T17:00:00Z'))).toBeNull();
    expect(store.leases.take('i-jzz', '2026-11-21', new Date('2026-11-21T10:00:00Z'))?.number).toBe('A001');
    store.close();
  });

  it('re-adding a known block keeps its progress', () => {
    const store = LocalStore.open(':memory:');
    store.leases.add(block('l1', 1, 3));
    store.leases.take('i-jzz', '2026-11-21');
    store.leases.add(block('l1', 1, 3));
    expect(store.leases.take('i-jzz', '2026-11-21')?.number).toBe('A002');
    store.close();
  });
});
