import { describe, expect, it } from 'vitest';
import { estimateWait } from '../../../central/domain/estimate';
import { assertTransition } from '../../../central/domain/lifecycle';
import { addDays, ageOn, serviceDayOf, shanghaiTime } from '../../../central/domain/time';
import { maskPiiText } from '../../../central/security/mask';
import { piiCipher } from '../../../central/security/pii';
import { DEMO_PASSWORD_PARAMS, hashPassword, verifyPassword } from '../../../central/security/secrets';

describe('service day in Asia/Shanghai', () => {
  it('turns at midnight in Shanghai whatever the machine zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
        process.env.TZ = tz;
        expect(serviceDayOf(new Date('2026-03-02T15:59:59.999Z'))).toBe('2026-03-02');
        expect(serviceDayOf(new Date('2026-03-02T16:00:00.000Z'))).toBe('2026-03-03');
      }
    } finally {
      process.env.TZ = saved;
    }
  });

  it('converts local wall-clock times and days', () => {
    expect(new Date(shanghaiTime('2026-03-02', 9)).toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(ageOn('1956-03-03', '2026-03-02')).toBe(69);
    expect(ageOn('1956-03-02', '2026-03-02')).toBe(70);
  });
});

describe('wait estimate', () => {
  it('is a 0.8×–1.2× range of ahead × mean ÷ agents, unknown without agents', () => {
    expect(estimateWait(5, 6, 2)).toEqual({ known: true, minMinutes: 12, maxMinutes: 18 });
    expect(estimateWait(0, 6, 1)).toEqual({ known: true, minMinutes: 0, maxMinutes: 0 });
    expect(estimateWait(5, 6, 0)).toEqual({ known: false });
  });
});

describe('ticket lifecycle', () => {
  it('allows the documented transitions and names the refused ones', () => {
    expect(() => assertTransition('start', 'called')).not.toThrow();
    expect(() => assertTransition('call', 'done')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(() => assertTransition('call', 'called')).toThrow(
      expect.objectContaining({ code: 'TICKET_ALREADY_CALLED' }),
    );
    expect(() => assertTransition('finish', 'waiting')).toThrow(expect.objectContaining({ status: 409 }));
  });
});

describe('personal data', () => {
  const cipher = piiCipher(Buffer.alloc(32, 7));
  it('encrypts with AES-GCM (fresh IV each time) and hashes for lookups', () => {
    const a = cipher.encrypt('11010519491231002X');
    expect(a).not.toBe(cipher.encrypt('11010519491231002X'));
    expect(cipher.decrypt(a)).toBe('11010519491231002X');
    expect(cipher.lookupHash('11010519491231002x')).toBe(cipher.lookupHash('11010519491231002X'));
    // One character in the middle of the sealed text changed (a middle base64 character always carries
    // six bits of the ciphertext, unlike the last ones): the tag no longer matches.
    let i = Math.floor(a.length / 2);
    while (!/[A-Za-z0-9]/.test(a[i]!)) i++;
    const tampered = a.slice(0, i) + (a[i] === 'A' ? 'B' : 'A') + a.slice(i + 1);
    expect(tampered).not.toBe(a);
    expect(() => cipher.decrypt(tampered)).toThrow();
  });

  it('masks ID numbers in log text', () => {
    expect(maskPiiText('issued for 11010519491231002X at A001')).toBe(
      'issued for 110105********002X at A001',
    );
  });

  it('hashes passwords with scrypt', async () => {
    // At the demo cost: the production cost is checked in passwords.test.ts.
    const h = await hashPassword('doorstep-demo', DEMO_PASSWORD_PARAMS);
    expect(h).toMatch(/^scrypt\$/);
    expect(await verifyPassword('doorstep-demo', h)).toBe(true);
    expect(await verifyPassword('wrong', h)).toBe(false);
  });
});
