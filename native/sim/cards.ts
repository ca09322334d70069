import { gb11643CheckChar } from '../../contract/gb11643';
import type { CardFields } from './text-encode';

// The simulator's test cards: generated people (no real person), valid GB 11643 check digits, all
// card types, one expired card. These fake identities live only in native/sim and the tests.

export interface SimCard {
  label: string;
  fields: CardFields;
  /** A stand-in for the 1024-byte WLT photo block (not a real WLT image). */
  photo: Buffer;
}

const withCheck = (first17: string) => first17 + gb11643CheckChar(first17);

function fakePhoto(seed: number): Buffer {
  const b = Buffer.alloc(1024);
  let x = seed * 2654435761;
  for (let i = 0; i < b.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0; // a fixed LCG: the same bytes every run
    b[i] = x >>> 24;
  }
  return b;
}

// prettier-ignore
const FIELDS: Array<[string, CardFields]> = [
  [
    'resident, male, 汉, valid to 2036',
    {
      cardType: 'resident', name: '王小明', sex: '1', nationCode: '01', birth: '19850312',
      address: '上海市浦东新区测试路100弄1号101室', idNumber: withCheck('31011519850312001'),
      issuer: '上海市公安局浦东分局', from: '20160501', to: '20360501',
    },
  ],
  [
    'resident, female, 回, 长期 (aged 70+)',
    {
      cardType: 'resident', name: '李秀英', sex: '2', nationCode: '03', birth: '19481102',
      address: '上海市徐汇区样例路8号', idNumber: withCheck('31010419481102002'),
      issuer: '上海市公安局徐汇分局', from: '20100101', to: '长期',
    },
  ],
  [
    'resident, female, 维吾尔, EXPIRED 2024-01-01',
    {
      cardType: 'resident', name: '阿依古丽·测试', sex: '2', nationCode: '05', birth: '19900708',
      address: '新疆乌鲁木齐市天山区模拟街5号', idNumber: withCheck('65010219900708004'),
      issuer: '乌鲁木齐市公安局天山区分局', from: '20040101', to: '20240101',
    },
  ],
  [
    'HK/Macao/Taiwan residence permit (J)',
    {
      cardType: 'hmt_residence_permit', name: '陈家明', sex: '1', nationCode: '01', birth: '19920215',
      address: '上海市静安区示例路20号', idNumber: withCheck('81000019920215003'),
      issuer: '上海市公安局静安分局', from: '20220301', to: '20270301', passNumber: 'H01234567',
      issueCount: '01',
    },
  ],
  [
    'foreign permanent resident card, 2017 layout (I)',
    {
      cardType: 'foreign_permanent', name: '史密斯', nameLatin: 'SMITH, JOHN TEST', sex: '1',
      birth: '19780920', idNumber: 'USA310078092001', nationality: 'USA', from: '20180610', to: '20280610',
    },
  ],
  [
    'foreign permanent resident card, 2023 layout (Y)',
    {
      cardType: 'foreign_permanent_2023', name: '安娜', nameLatin: 'MUELLER, ANNA TEST', sex: '2',
      birth: '19880130', idNumber: withCheck('93310019880130006'), issuer: '国家移民管理局',
      from: '20240115', to: '20340115', issueCount: '01', nationality: 'DEU',
    },
  ],
];

export const SIM_CARDS: readonly SimCard[] = FIELDS.map(([label, fields], i) => ({
  label,
  fields,
  photo: fakePhoto(i + 1),
}));
