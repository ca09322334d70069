import { IdCardRecord, type CardType, type Sex } from '../../contract/idcard';
import { idNumberProblem } from '../../contract/gb11643';
import { nationName } from './nations';
import { DeviceError } from '../errors';

// The 256-byte UCS-2 (UTF-16LE) text block of a card read (hardware.md 1.7 and 1.9; guocihong
// readidentifiercardinfoutil.cpp offsets, yzfuture Type.h layouts for the J/I/Y card types).

export const TEXT_BLOCK_BYTES = 256;
/** "长期" stored literally in the valid-to field (yzfuture Type.h). */
const LONG_TERM = '长期';
const SEXES: Record<string, Sex> = { '0': 'unknown', '1': 'male', '2': 'female', '9': 'unspecified' };

export type ParseResult = { ok: true; record: IdCardRecord } | { ok: false; error: DeviceError };

const field = (b: Buffer, offset: number, bytes: number) =>
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
  const flag = field(block, 248, 2);
  if (flag === '') return 'resident';
  if (flag === 'J') return 'hmt_residence_permit';
  if (flag === 'I') return 'foreign_permanent';
  if (flag === 'Y') return 'foreign_permanent_2023';
  return null;
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
    const latin = field(b, 0, 120);
    const chinese = field(b, 158, 30);
    return {
      cardType,
      name: chinese || latin,
      nameLatin: latin || undefined,
      sex: field(b, 120, 2),
      idNumber: field(b, 122, 30),
      nationality: field(b, 152, 6) || undefined,
      from: field(b, 188, 16),
      to: field(b, 204, 16),
      birth: field(b, 220, 16),
    };
  }
  const common = {
    cardType,
    name: field(b, 0, 30),
    sex: field(b, 30, 2),
    birth: field(b, 36, 16),
    idNumber: field(b, 122, 36),
    issuer: field(b, 158, 30) || undefined,
    from: field(b, 188, 16),
    to: field(b, 204, 16),
  };
  if (cardType === 'foreign_permanent_2023') {
    return {
      ...common,
      nameLatin: field(b, 52, 70) || undefined,
      issueCount: field(b, 238, 4),
      nationality: field(b, 242, 6) || undefined,
    };
  }
  const withNation = { ...common, nationCode: field(b, 32, 4), address: field(b, 52, 70) || undefined };
  if (cardType === 'hmt_residence_permit') {
    return { ...withNation, passNumber: field(b, 220, 18) || undefined, issueCount: field(b, 238, 4) };
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
