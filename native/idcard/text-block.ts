import { IdCardRecord, type CardType, type Sex } from '../../contract/idcard';
import { idNumberProblem } from '../../contract/gb11643';
import { nationName } from './nations';
import { DeviceError } from '../errors';
import {
  CARD_FLAG,
  FLAG_SLOT,
  FOREIGN_2017_LAYOUT as F,
  RESIDENT_LAYOUT as R,
  type Slot,
} from './text-layout';

// The 256-byte UCS-2 (UTF-16LE) text block of a card read (hardware.md 1.7 and 1.9; guocihong
// readidentifiercardinfoutil.cpp offsets, yzfuture Type.h layouts for the J/I/Y card types).

export const TEXT_BLOCK_BYTES = 256;
/** "长期" stored literally in the valid-to field (yzfuture Type.h). */
const LONG_TERM = '长期';
const SEXES: Record<string, Sex> = { '0': 'unknown', '1': 'male', '2': 'female', '9': 'unspecified' };

export type ParseResult = { ok: true; record: IdCardRecord } | { ok: false; error: DeviceError };

const field = (b: Buffer, [offset, bytes]: Slot) =>
  b
    .subarray(offset, offset + bytes)
    .toString('utf16le')
    .replace(/\0/g, '')
    .trim();

function bad(message: string): ParseResult {
  return { ok: false, error: new DeviceError('IDCARD_BAD_RECORD', message) };
}

function isoDate(yyyymmdd: string): string | null {
  if (!/^\d{8}$/.test(yyyymmdd)) return null;
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)];
  const dt = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (dt.getUTCMonth() !== Number(m) - 1 || dt.getUTCDate() !== Number(d)) return null;
  return `${y}-${m}-${d}`;
}

/** Today's date in China (Asia/Shanghai), YYYY-MM-DD: a card expires at the end of its last day there. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function cardTypeOf(block: Buffer): CardType | null {
  const flag = field(block, FLAG_SLOT) || ' ';
  const found = Object.entries(CARD_FLAG).find(([, f]) => f === flag);
  return found ? (found[0] as CardType) : null;
}

interface Raw {
  cardType: CardType;
  name: string;
  nameLatin?: string;
  sex: string;
  nationCode?: string;
  birth: string;
  address?: string;
  idNumber: string;
  issuer?: string;
  from: string;
  to: string;
  passNumber?: string;
  issueCount?: string;
  nationality?: string;
}

function layout(b: Buffer, cardType: CardType): Raw {
  if (cardType === 'foreign_permanent') {
    const latin = field(b, F.nameLatin);
    const chinese = field(b, F.name);
    return {
      cardType,
      name: chinese || latin,
      nameLatin: latin || undefined,
      sex: field(b, F.sex),
      idNumber: field(b, F.idNumber),
      nationality: field(b, F.nationality) || undefined,
      from: field(b, F.from),
      to: field(b, F.to),
      birth: field(b, F.birth),
    };
  }
  const common = {
    cardType,
    name: field(b, R.name),
    sex: field(b, R.sex),
    birth: field(b, R.birth),
    idNumber: field(b, R.idNumber),
    issuer: field(b, R.issuer) || undefined,
    from: field(b, R.from),
    to: field(b, R.to),
  };
  if (cardType === 'foreign_permanent_2023') {
    return {
      ...common,
      nameLatin: field(b, R.address) || undefined,
      issueCount: field(b, R.issueCount),
      nationality: field(b, R.nationality) || undefined,
    };
  }
  const withNation = {
    ...common,
    nationCode: field(b, R.nationCode),
    address: field(b, R.address) || undefined,
  };
  if (cardType === 'hmt_residence_permit') {
    return {
      ...withNation,
      passNumber: field(b, R.passNumber) || undefined,
      issueCount: field(b, R.issueCount),
    };
  }
  return withNation;
}

/** Parses the text block into a validated record; never throws, never returns a half-valid record. */
export function parseTextBlock(block: Buffer, today = todayInChina()): ParseResult {
  if (block.length !== TEXT_BLOCK_BYTES) return bad(`text block is ${block.length} bytes, expected 256`);
  const cardType = cardTypeOf(block);
  if (!cardType) return bad('unknown card type flag at offset 248');
  const raw = layout(block, cardType);

  const sex = SEXES[raw.sex];
  if (!sex) return bad('sex code is not 0, 1, 2 or 9');
  const birthDate = isoDate(raw.birth);
  const validFrom = isoDate(raw.from);
  const validTo = raw.to === LONG_TERM ? 'long_term' : isoDate(raw.to);
  if (!birthDate || !validFrom || !validTo) return bad('a date field is not a valid YYYYMMDD date');

  const checked = cardType !== 'foreign_permanent';
  if (checked) {
    const problem = idNumberProblem(raw.idNumber);
    if (problem) return bad(`ID number fails the GB 11643 check (${problem})`);
  }
  let nation: string | undefined;
  if (raw.nationCode !== undefined) {
    nation = nationName(raw.nationCode);
    if (!nation) return bad('nation code is outside the 56-nations table');
  }
  let issueCount: number | undefined;
  if (raw.issueCount !== undefined && raw.issueCount !== '') {
    if (!/^\d{1,2}$/.test(raw.issueCount)) return bad('issue count is not a number');
    issueCount = Number(raw.issueCount);
  }

  const parsed = IdCardRecord.safeParse({
    cardType,
    name: raw.name,
    nameLatin: raw.nameLatin,
    sex,
    nationCode: raw.nationCode,
    nation,
    birthDate,
    address: raw.address,
    idNumber: raw.idNumber.toUpperCase(),
    issuer: raw.issuer,
    validFrom,
    validTo,
    expired: validTo !== 'long_term' && validTo < today,
    passNumber: raw.passNumber,
    issueCount,
    nationality: raw.nationality,
  });
  if (!parsed.success) {
    // Only field paths, never values: the values are personal data.
    return bad(`record fails validation at ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  return { ok: true, record: parsed.data };
}
