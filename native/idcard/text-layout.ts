import type { CardType } from '../../contract/idcard';

// Where each field sits in the 256-byte UTF-16LE text block, [offset, bytes], defined once for the
// parser (text-block.ts) and the simulator's encoder (sim/text-encode.ts). hardware.md 1.7 (resident,
// guocihong offsets) and 1.9 (J/I/Y layouts from yzfuture Type.h).

export type Slot = readonly [offset: number, bytes: number];

/** The card-type flag: ' ' resident, 'J' HMT permit, 'I' foreign (2017), 'Y' foreign (2023). */
export const FLAG_SLOT: Slot = [248, 2];
export const CARD_FLAG: Record<CardType, string> = {
  resident: ' ',
  hmt_residence_permit: 'J',
  foreign_permanent: 'I',
  foreign_permanent_2023: 'Y',
};

/** Resident card; the HMT permit and the 2023 foreign card share it (the 2023 card keeps its foreign
 * name in the address slot, the HMT permit adds a pass number and an issue count). */
export const RESIDENT_LAYOUT = {
  name: [0, 30],
  sex: [30, 2],
  nationCode: [32, 4],
  birth: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  issuer: [158, 30],
  from: [188, 16],
  to: [204, 16],
  passNumber: [220, 18],
  issueCount: [238, 4],
  nationality: [242, 6],
} as const satisfies Record<string, Slot>;

/** Foreign permanent resident card, 2017 layout ('I'). */
export const FOREIGN_2017_LAYOUT = {
  nameLatin: [0, 120],
  sex: [120, 2],
  idNumber: [122, 30],
  nationality: [152, 6],
  name: [158, 30],
  from: [188, 16],
  to: [204, 16],
  birth: [220, 16],
  version: [236, 4],
  authority: [240, 8],
} as const satisfies Record<string, Slot>;
