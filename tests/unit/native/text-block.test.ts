import { describe, expect, it } from 'vitest';
import { gb11643CheckChar } from '../../../contract/gb11643';
import { samFrame, FrameDecoder, toReply } from '../../../native/idcard/frame';
import { NATIONS } from '../../../native/idcard/nations';
import { buildReadData, parseReadData } from '../../../native/idcard/read-reply';
import { parseTextBlock, todayInChina } from '../../../native/idcard/text-block';
import { SIM_CARDS } from '../../../native/sim/cards';
import { encodeTextBlock, type CardFields } from '../../../native/sim/text-encode';

const card = (i: number) => SIM_CARDS[i]!.fields;
const parse = (f: CardFields, today = '2026-11-21') => parseTextBlock(encodeTextBlock(f), today);

describe('ID card text block parser', () => {
  it('reads a resident card: name, sex, nation, dates, address, number, issuer', () => {
    const r = parse(card(0));
    expect(r.ok && r.record).toEqual({
      cardType: 'resident',
      name: '王小明',
      sex: 'male',
      nationCode: '01',
      nation: '汉',
      birthDate: '1985-03-12',
      address: '上海市浦东新区测试路100弄1号101室',
      idNumber: card(0).idNumber,
      issuer: '上海市公安局浦东分局',
      validFrom: '2016-05-01',
      validTo: '2036-05-01',
      expired: false,
    });
  });

  it('reads 长期 as long-term and flags an expired card, by the date in China', () => {
    const longTerm = parse(card(1));
    expect(longTerm.ok && [longTerm.record.validTo, longTerm.record.expired]).toEqual(['long_term', false]);
    const expired = parse(card(2));
    expect(expired.ok && expired.record.expired).toBe(true);
    expect(parse(card(2), '2024-01-01').ok && parse(card(2), '2024-01-01')).toMatchObject({
      record: { expired: false },
    });
    expect(todayInChina(new Date('2026-11-21T16:30:00Z'))).toBe('2026-11-22');
  });

  it('reads the HMT residence permit and both foreign permanent resident card layouts', () => {
    const j = parse(card(3));
    expect(j.ok && j.record).toMatchObject({
      cardType: 'hmt_residence_permit',
      passNumber: 'H01234567',
      issueCount: 1,
    });
    const i = parse(card(4));
    expect(i.ok && i.record).toMatchObject({
      cardType: 'foreign_permanent',
      name: '史密斯',
      nameLatin: 'SMITH, JOHN TEST',
      nationality: 'USA',
      birthDate: '1978-09-20',
    });
    const noChinese = parse({ ...card(4), name: card(4).nameLatin! });
    expect(noChinese.ok && noChinese.record.name).toBe('SMITH, JOHN TEST');
    const y = parse(card(5));
    expect(y.ok && y.record).toMatchObject({
      cardType: 'foreign_permanent_2023',
      nameLatin: 'MUELLER, ANNA TEST',
      nationality: 'DEU',
    });
  });

  it('refuses a wrong check digit, a bad date, an unknown nation or type, without showing the values', () => {
    const id = card(0).idNumber;
    const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    for (const [fields, why] of [
      [{ ...card(0), idNumber: wrongCheck }, 'check_digit'],
      [{ ...card(0), birth: '19850230' }, 'date'],
      [{ ...card(0), nationCode: '77' }, 'nation'],
    ] as const) {
      const r = parse(fields);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('IDCARD_BAD_RECORD');
        expect(r.error.message).toContain(why);
        expect(r.error.message).not.toContain(wrongCheck);
      }
    }
    const block = encodeTextBlock(card(0));
    block.write('Z', 248, 'utf16le');
    expect(parseTextBlock(block).ok).toBe(false);
    expect(parseTextBlock(Buffer.alloc(10)).ok).toBe(false);
  });

  it('has the 56 nations plus 97 and 98', () => {
    expect(Object.keys(NATIONS)).toHaveLength(58);
    expect([NATIONS['01'], NATIONS['46'], NATIONS['56'], NATIONS['98']]).toEqual([
      '汉',
      '德昂',
      '基诺',
      '外国血统中国籍人士',
    ]);
  });

  it('parses a full 1295-byte 30 01 reply with the header published in hardware.md 1.4', () => {
    const data = buildReadData({ text: encodeTextBlock(card(0)), photo: SIM_CARDS[0]!.photo });
    const frame = samFrame(Buffer.concat([Buffer.from([0, 0, 0x90]), data]));
    expect(frame).toHaveLength(1295);
    // guocihong readidentifiercardinfoutil.cpp Parse(): head.toHex() == "aaaaaa9669050800009001000400".
    expect(frame.subarray(0, 14)).toEqual(Buffer.from('AAAAAA9669050800009001000400', 'hex'));
    const reply = toReply(new FrameDecoder().push(frame)[0]!)!;
    const blocks = parseReadData(reply.data, false);
    expect(blocks.ok && blocks.blocks.photo.equals(SIM_CARDS[0]!.photo)).toBe(true);
    expect(blocks.ok && parseTextBlock(blocks.blocks.text).ok).toBe(true);
    expect(parseReadData(reply.data.subarray(0, 500), false).ok).toBe(false);
  });

  it('parses a 30 10 reply with a 1024-byte fingerprint block, header as published', () => {
    const fingerprint = Buffer.alloc(1024, 0x5a);
    const data = buildReadData({ text: encodeTextBlock(card(3)), photo: SIM_CARDS[3]!.photo, fingerprint });
    const frame = samFrame(Buffer.concat([Buffer.from([0, 0, 0x90]), data]));
    // Protocol notes quoted in open-source Android reader code (see hardware.md 1.6; yzsam.com sizes):
    // "AA AA AA 96 69 09 0A 00 00 90 01 00 04 00 04 00 + 256 text + 1024 photo + 1024/512/0 fp + 1 CRC".
    expect(frame.subarray(0, 16)).toEqual(Buffer.from('AAAAAA9669090A00009001000400' + '0400', 'hex'));
    expect(frame).toHaveLength(2321);
    const reply = toReply(new FrameDecoder().push(frame)[0]!)!;
    const blocks = parseReadData(reply.data, true);
    expect(blocks.ok && blocks.blocks.fingerprint!.equals(fingerprint)).toBe(true);
    expect(blocks.ok && parseTextBlock(blocks.blocks.text).ok).toBe(true);
  });

  it('the simulator cards carry valid GB 11643 check digits', () => {
    for (const c of SIM_CARDS.filter((c) => c.fields.cardType !== 'foreign_permanent')) {
      expect(gb11643CheckChar(c.fields.idNumber.slice(0, 17))).toBe(c.fields.idNumber[17]);
    }
  });
});
