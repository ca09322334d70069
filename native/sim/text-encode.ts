import type { CardType } from '../../contract/idcard';
import {
  CARD_FLAG,
  FLAG_SLOT,
  FOREIGN_2017_LAYOUT as F,
  RESIDENT_LAYOUT as R,
  type Slot,
} from '../idcard/text-layout';

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

export function encodeTextBlock(c: CardFields): Buffer {
  const b = Buffer.from(' '.repeat(128), 'utf16le');
  const put = ([offset, bytes]: Slot, value = '') => {
    const enc = Buffer.from(value, 'utf16le');
    if (enc.length > bytes) throw new Error(`field at ${offset} longer than ${bytes} bytes`);
    enc.copy(b, offset);
  };
  if (c.cardType === 'foreign_permanent') {
    put(F.nameLatin, c.nameLatin);
    put(F.sex, c.sex);
    put(F.idNumber, c.idNumber);
    put(F.nationality, c.nationality);
    put(F.name, c.name === c.nameLatin ? '' : c.name);
    put(F.from, c.from);
    put(F.to, c.to);
    put(F.birth, c.birth);
    put(F.version, '01');
    put(F.authority, '1500');
  } else {
    put(R.name, c.name);
    put(R.sex, c.sex);
    put(R.nationCode, c.nationCode);
    put(R.birth, c.birth);
    put(R.address, c.cardType === 'foreign_permanent_2023' ? c.nameLatin : c.address);
    put(R.idNumber, c.idNumber);
    put(R.issuer, c.issuer);
    put(R.from, c.from);
    put(R.to, c.to);
    if (c.cardType === 'hmt_residence_permit') put(R.passNumber, c.passNumber);
    if (c.cardType !== 'resident') put(R.issueCount, c.issueCount);
    if (c.cardType === 'foreign_permanent_2023') put(R.nationality, c.nationality);
  }
  put(FLAG_SLOT, CARD_FLAG[c.cardType]);
  return b;
}
