import { describe, expect, it } from 'vitest';
import {
  DoorstepError,
  ErrorBody,
  ErrorCode,
  HTTP_STATUS_OF,
  IdCardRecord,
  ServiceItem,
  Ticket,
  fieldErrorsOf,
  gb11643CheckChar,
} from '../../../contract';

const validId = (first17: string) => first17 + gb11643CheckChar(first17);

const card = {
  cardType: 'resident',
  name: '王小明',
  sex: 'male',
  nationCode: '01',
  nation: '汉',
  birthDate: '1950-03-07',
  address: '上海市浦东新区张江路1号',
  idNumber: validId('31011519500307101'),
  issuer: '上海市公安局浦东分局',
  validFrom: '2015-01-01',
  validTo: 'long_term',
  expired: false,
} as const;

describe('IdCardRecord', () => {
  it('accepts a resident card with a long-term validity', () => {
    expect(IdCardRecord.parse(card).validTo).toBe('long_term');
  });

  it('refuses a resident card whose ID number fails the check digit', () => {
    const bad = { ...card, idNumber: card.idNumber.slice(0, 17) + (card.idNumber[17] === '1' ? '2' : '1') };
    const r = IdCardRecord.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['idNumber']);
  });

  it('accepts a foreign permanent resident card with a permit number that is not GB 11643', () => {
    const r = IdCardRecord.safeParse({
      ...card,
      cardType: 'foreign_permanent',
      name: 'SMITH JOHN',
      nameLatin: 'SMITH JOHN',
      idNumber: 'USA310075010105',
      nationality: 'USA',
      nationCode: undefined,
      nation: undefined,
    });
    expect(r.success).toBe(true);
  });

  it('refuses dates in the wrong format and unknown card types', () => {
    expect(IdCardRecord.safeParse({ ...card, birthDate: '19500307' }).success).toBe(false);
    expect(IdCardRecord.safeParse({ ...card, cardType: 'passport' }).success).toBe(false);
  });
});

const item = {
  id: 'item-1',
  code: 'RES-PERMIT',
  name: { zh: '居住证办理', en: 'Residence permit' },
  category: 'government',
  channels: ['video', 'window'],
  idCardRequired: true,
  materials: [{ name: { zh: '居民身份证', en: 'Resident ID card' }, original: true }],
  legalLimitDays: 15,
  promisedLimitDays: 7,
  skillGroup: 'gov',
  ticketPrefix: 'A',
};

describe('ServiceItem', () => {
  it('accepts a bilingual item and fills defaults', () => {
    const parsed = ServiceItem.parse(item);
    expect(parsed.materials[0]?.copies).toBe(1);
    expect(parsed.active).toBe(true);
  });

  it('refuses a promised limit longer than the legal one, an empty channel list, a missing English name', () => {
    expect(ServiceItem.safeParse({ ...item, promisedLimitDays: 20 }).success).toBe(false);
    expect(ServiceItem.safeParse({ ...item, channels: [] }).success).toBe(false);
    expect(ServiceItem.safeParse({ ...item, name: { zh: '居住证办理' } }).success).toBe(false);
  });
});

describe('Ticket', () => {
  const ticket = {
    id: 't1',
    number: 'V012',
    centreId: 'c1',
    stationId: 's1',
    itemId: 'item-1',
    channel: 'video',
    status: 'waiting',
    priority: 'normal',
    serviceDay: '2026-11-21',
    issuedAt: '2026-11-21T09:00:00+08:00',
    calledAt: null,
    printStatus: 'printed',
    waitingAhead: 3,
    estimate: { known: true, minMinutes: 8, maxMinutes: 12 },
  };

  it('accepts a waiting ticket with a wait range, and an unknown estimate', () => {
    expect(Ticket.parse(ticket).reprint).toBe(false);
    expect(Ticket.parse({ ...ticket, estimate: { known: false } }).estimate).toEqual({ known: false });
  });

  it('refuses a number that is not prefix + three digits and an unknown status', () => {
    expect(Ticket.safeParse({ ...ticket, number: 'V12' }).success).toBe(false);
    expect(Ticket.safeParse({ ...ticket, status: 'lost' }).success).toBe(false);
  });
});

describe('error body', () => {
  it('every error code has an HTTP status and a DoorstepError renders the one error body', () => {
    for (const code of ErrorCode.options) expect(HTTP_STATUS_OF[code]).toBeGreaterThanOrEqual(400);
    const err = new DoorstepError('VALIDATION_FAILED', 'bad body', [{ path: 'name', message: 'required' }]);
    expect(err.status).toBe(400);
    expect(ErrorBody.parse(err.toBody())).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'bad body',
        fields: [{ path: 'name', message: 'required' }],
      },
    });
  });

  it('turns zod issues into field errors with dotted paths', () => {
    const r = ServiceItem.safeParse({ ...item, name: { zh: '' } });
    expect(r.success).toBe(false);
    const fields = fieldErrorsOf(r.error!.issues);
    expect(fields.map((f) => f.path)).toEqual(expect.arrayContaining(['name.zh', 'name.en']));
  });
});
