import type { CardType } from '../../contract/idcard';

// Builds the 256-byte UTF-16LE text block a SAM module returns (hardware.md 1.7, 1.9): the inverse of
// native/idcard/text-block.ts, for the simulator and the tests. Fields are padded with U+0020.

export interface CardFields {
  cardType: CardType;
  name: string;
  /** Foreign cards: the name in Latin letters. */
  nameLatin?: string;
  sex: '0' | '1' | '2' | '9';
  nationCode?: string;
  /** YYYYMMDD */
  birth: string;
  address?: string;
  idNumber: string;
  issuer?: string;
  from: string;
  /** YYYYMMDD or 长期 */
  to: string;
  passNumber?: string;
  issueCount?: string;
  nationality?: string;
}

const FLAG: Record<CardType, string> = {
  resident: ' ',
  hmt_residence_permit: 'J',
  foreign_permanent: 'I',
  foreign_permanent_2023: 'Y',
};

export function encodeTextBlock(c: CardFields): Buffer {
  const b = Buffer.from(' '.repeat(128), 'utf16le');
  const put = (offset: number, bytes: number, value = '') => {
    const enc = Buffer.from(value, 'utf16le');
    if (enc.length > bytes) throw new Error(`field at ${offset} longer than ${bytes} bytes`);
    enc.copy(b, offset);
  };
  if (c.cardType === 'foreign_permanent') {
    put(0, 120, c.nameLatin);
    put(120, 2, c.sex);
    put(122, 30, c.idNumber);
    put(152, 6, c.nationality);
    put(158, 30, c.name === c.nameLatin ? '' : c.name);
    put(188, 16, c.from);
    put(204, 16, c.to);
    put(220, 16, c.birth);
    put(236, 4, '01');
    put(240, 8, '1500');
  } else {
    put(0, 30, c.name);
    put(30, 2, c.sex);
    put(32, 4, c.nationCode);
    put(36, 16, c.birth);
    put(52, 70, c.cardType === 'foreign_permanent_2023' ? c.nameLatin : c.address);
    put(122, 36, c.idNumber);
    put(158, 30, c.issuer);
    put(188, 16, c.from);
    put(204, 16, c.to);
    if (c.cardType === 'hmt_residence_permit') put(220, 18, c.passNumber);
    if (c.cardType !== 'resident') put(238, 4, c.issueCount);
    if (c.cardType === 'foreign_permanent_2023') put(242, 6, c.nationality);
  }
  put(248, 2, FLAG[c.cardType]);
  return b;
}
