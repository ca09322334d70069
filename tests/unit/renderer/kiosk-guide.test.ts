import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import type { ServiceItem } from '../../../contract/catalog';
import { codeOf, messageOf } from '../../../renderer/kiosk/doorstep/errors';
import { categoriesOf, indexItems, pageOf, searchItems } from '../../../renderer/kiosk/guide/search';
import { clock, dayOf, dayParams, rowState } from '../../../renderer/kiosk/appointments/checkInWindow';
import { estimateRange, waitingFor } from '../../../renderer/kiosk/tickets/waits';

const item = (id: string, zh: string, en: string, category: ServiceItem['category']): ServiceItem => ({
  id,
  code: id.toUpperCase(),
  name: { zh, en },
  category,
  channels: ['window'],
  idCardRequired: true,
  materials: [],
  legalLimitDays: 20,
  promisedLimitDays: 10,
  skillGroup: 'g',
  ticketPrefix: 'A',
  active: true,
});
const items = [
  item('rp', '居住证办理', 'Residence permit', 'government'),
  item('sa', '老年综合津贴申请', 'Senior allowance', 'daily_life'),
  item('lc', '法律咨询', 'Legal consultation', 'legal'),
];
const initials = (s: string) => pinyin(s, { pattern: 'first', toneType: 'none', type: 'array' }).join('');

describe('service guide search', () => {
  it('finds items by Chinese name, English name and pinyin initials', () => {
    const index = indexItems(items, initials);
    expect(searchItems(index, '居住').map((i) => i.id)).toEqual(['rp']);
    expect(searchItems(index, 'legal').map((i) => i.id)).toEqual(['lc']);
    expect(searchItems(index, 'jzz').map((i) => i.id)).toEqual(['rp']);
    expect(searchItems(index, 'LNZH').map((i) => i.id)).toEqual(['sa']);
    expect(searchItems(index, '')).toHaveLength(3);
    expect(searchItems(indexItems(items, null), 'jzz')).toEqual([]);
  });

  it('lists categories in catalog order and pages lists', () => {
    expect(categoriesOf(items)).toEqual(['government', 'daily_life', 'legal']);
    expect(pageOf([1, 2, 3, 4, 5, 6, 7], 1, 3)).toEqual({ items: [4, 5, 6], pages: 3 });
    expect(pageOf([1, 2], 5, 3)).toEqual({ items: [1, 2], pages: 1 });
  });
});

describe('waits, check-in window and error texts', () => {
  it('sums waiting counts per channel and rounds estimates into a range', () => {
    const q = (itemId: string, channel: 'window' | 'video', waiting: number) => ({
      centreId: 'c',
      itemId,
      itemName: { zh: '事项', en: 'Item' },
      channel,
      skillGroup: 'g',
      waiting,
      agentsServing: 1,
      estimate: { known: false as const },
    });
    expect(waitingFor([q('a', 'window', 3), q('b', 'window', 2), q('a', 'video', 7)], 'window')).toBe(5);
    expect(estimateRange({ known: true, minMinutes: 4.2, maxMinutes: 9.1 })).toEqual({ min: 4, max: 10 });
    expect(estimateRange({ known: false })).toBeNull();
  });

  it("offers what central's check-in window allows, and names the day for both languages", () => {
    const win = (state: 'open' | 'early' | 'late') => ({
      state,
      opensAt: '2026-11-21T09:30:00+08:00',
      closesAt: '2026-11-21T10:15:00+08:00',
    });
    expect(rowState({ status: 'booked', checkIn: win('early') })).toBe('early');
    expect(rowState({ status: 'booked', checkIn: win('open') })).toBe('open');
    expect(rowState({ status: 'booked', checkIn: win('late') })).toBe('late');
    expect(rowState({ status: 'checked_in', checkIn: win('open') })).toBe('checked_in');
    // Days and times are the centre's (Asia/Shanghai), whatever zone the kiosk's OS runs in:
    // 17:30 UTC on 2 March is 01:30 on 3 March in Shanghai.
    expect(dayParams('2026-03-02T17:30:00Z')).toEqual({ month: 3, day: 3, monthEn: 'Mar' });
    expect(dayOf('2026-03-02T17:30:00Z')).toBe('2026-03-03');
    expect(clock('2026-03-02T17:30:00Z')).toBe('01:30');
    expect(clock('2026-03-03T01:05:00.000+08:00')).toBe('01:05');
  });

  it('reads the code of a failed call in any shape and has text for it in both languages', () => {
    expect(codeOf({ error: { code: 'SLOT_FULL', message: 'x' } })).toBe('SLOT_FULL');
    expect(codeOf(Object.assign(new Error('x'), { code: 'DEVICE_PAPER_OUT' }))).toBe('DEVICE_PAPER_OUT');
    expect(codeOf(new Error('boom'))).toBe('INTERNAL');
    for (const code of ['DEVICE_PAPER_OUT', 'NO_LEASED_NUMBERS', 'UNAVAILABLE', 'SOMETHING_NEW']) {
      const m = messageOf(code);
      expect(m.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(m.en).toMatch(/[a-z]/);
    }
  });
});
