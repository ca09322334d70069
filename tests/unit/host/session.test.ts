import { describe, expect, it } from 'vitest';
import type { IdCardRecord } from '../../../contract/idcard';
import { ageOn, KioskSession, shanghaiDay } from '../../../main/host/session';

// The identity lives in memory for one session: the renderer sees a masked view; ending the session
// (card removed, session.end) wipes it and the tickets remembered for reprints.

const record: IdCardRecord = {
  cardType: 'resident',
  name: '张三',
  sex: 'male',
  nationCode: '01',
  nation: '汉',
  birthDate: '1949-12-31',
  address: '上海市浦东新区张江路1号',
  idNumber: '11010519491231002X',
  issuer: '浦东分局',
  validFrom: '2020-01-01',
  validTo: 'long_term',
  expired: false,
};

describe('kiosk session', () => {
  it('shows the renderer a masked number, the age and the senior flag, never the full number', () => {
    const s = new KioskSession();
    const view = s.startFromCard(record);
    expect(view).toMatchObject({
      source: 'card',
      name: '张三',
      idMasked: '110105********002X',
      senior: true,
    });
    expect(JSON.stringify(view)).not.toContain(record.idNumber);
    expect(JSON.stringify(view)).not.toContain(record.address!);
  });

  it('wipes the identity and remembered tickets when the session ends', () => {
    const s = new KioskSession();
    const ended: string[] = [];
    s.on('ended', (r) => ended.push(r));
    s.startFromCard(record);
    s.rememberTicket('i-jzz', 't-1');
    expect(s.ticketFor('i-jzz')).toBe('t-1');
    const before = s.id;
    s.end('card removed');
    expect(s.active).toBe(false);
    expect(s.identity).toBeNull();
    expect(s.toIdentity()).toBeNull();
    expect(s.ticketFor('i-jzz')).toBeUndefined();
    expect(s.id).not.toBe(before);
    expect(ended).toEqual(['card removed']);
    s.end('again');
    expect(ended).toEqual(['card removed']);
  });

  it('a new card replaces the previous person entirely', () => {
    const s = new KioskSession();
    s.startFromCard(record);
    s.rememberTicket('i-jzz', 't-1');
    s.startFromManual('11010519491231002x');
    expect(s.identity?.name).toBeNull();
    expect(s.identity?.idNumber).toBe('11010519491231002X');
    expect(s.ticketFor('i-jzz')).toBeUndefined();
  });

  it('counts age in whole years on the Shanghai calendar day', () => {
    expect(ageOn('1956-11-22', '2026-11-21')).toBe(69);
    expect(ageOn('1956-11-21', '2026-11-21')).toBe(70);
    expect(shanghaiDay(new Date('2026-11-21T16:30:00Z'))).toBe('2026-11-22');
  });
});
