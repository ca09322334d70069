import { describe, expect, it } from 'vitest';
import type { KioskIdentity } from '../../../contract/kiosk';
import {
  initialState,
  reduce,
  sessionActive,
  type KioskState,
} from '../../../renderer/kiosk/session/machine';

const zhang: KioskIdentity = {
  source: 'card',
  cardType: 'resident',
  name: '张三',
  sex: 'male',
  idMasked: '310115********1234',
  age: 45,
  senior: false,
  expired: false,
};

describe('kiosk screen machine', () => {
  it('asks for identity first, then carries on with what the resident chose', () => {
    let s = reduce(initialState, { type: 'want', intent: { kind: 'take', channel: 'window' } });
    expect(s.screen).toEqual({ name: 'identify', intent: { kind: 'take', channel: 'window' } });
    s = reduce(s, { type: 'identified', identity: zhang });
    expect(s.screen).toEqual({ name: 'take-number', channel: 'window', itemId: undefined });
    expect(s.identity?.name).toBe('张三');
  });

  it('skips identification when the resident is already known', () => {
    const known: KioskState = { ...initialState, identity: zhang };
    expect(reduce(known, { type: 'want', intent: { kind: 'appointments' } }).screen).toEqual({
      name: 'appointments',
    });
  });

  it('a card read on the start screen greets without leaving it; on the technician screen it stays', () => {
    expect(reduce(initialState, { type: 'identified', identity: zhang }).screen.name).toBe('start');
    const tech = reduce(initialState, { type: 'show', screen: { name: 'technician' } });
    expect(reduce(tech, { type: 'identified', identity: zhang }).screen.name).toBe('technician');
  });

  it('ending the session wipes the identity and returns to the start', () => {
    let s = reduce(initialState, { type: 'identified', identity: zhang });
    s = reduce(s, { type: 'fail', code: 'UNAVAILABLE' });
    expect(s.screen).toEqual({ name: 'error', code: 'UNAVAILABLE' });
    s = reduce(s, { type: 'end' });
    expect(s).toEqual(initialState);
    expect(JSON.stringify(s)).not.toContain('张三');
  });

  it('runs the idle timer whenever a person is identified or away from the start screen', () => {
    expect(sessionActive(initialState)).toBe(false);
    expect(sessionActive({ ...initialState, identity: zhang })).toBe(true);
    expect(sessionActive({ screen: { name: 'guide' }, identity: null })).toBe(true);
  });
});
