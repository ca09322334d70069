import { z } from 'zod';
import { isValidIdNumber } from './gb11643';

// The record read from an ID card (hardware.md 1.7-1.9, domain.md "Kiosk session rules").
// It lives in the kiosk's memory for one session only (architecture decision 5).

export const CardType = z.enum([
  'resident', // 居民身份证, type flag ' '
  'hmt_residence_permit', // 港澳台居民居住证, type flag 'J'
  'foreign_permanent', // 外国人永久居留身份证 (2017), type flag 'I'
  'foreign_permanent_2023', // 外国人永久居留身份证 (new layout), type flag 'Y'
]);
export type CardType = z.infer<typeof CardType>;

export const Sex = z.enum(['unknown', 'male', 'female', 'unspecified']); // codes 0, 1, 2, 9
export type Sex = z.infer<typeof Sex>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const IdCardRecord = z
  .object({
    cardType: CardType,
    /** Name as printed; for foreign cards the Chinese name if any, else the English name. */
    name: z.string().min(1),
    /** English / foreign name (foreign permanent residence cards). */
    nameLatin: z.string().optional(),
    sex: Sex,
    /** Two-digit nation code (01 汉 … 56 基诺, 97, 98); resident and HMT cards only. */
    nationCode: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    /** Nation name in Chinese from the 56-nations table. */
    nation: z.string().optional(),
    birthDate: isoDate,
    address: z.string().optional(),
    /** GB 11643 number for resident and HMT cards, permit number for foreign cards. */
    idNumber: z.string().min(1),
    issuer: z.string().optional(),
    validFrom: isoDate,
    /** Last valid day, or 'long_term' (长期). */
    validTo: z.union([isoDate, z.literal('long_term')]),
    /** True when validTo is before the day of reading. */
    expired: z.boolean(),
    /** HMT permit: 通行证号码 and 签发次数. */
    passNumber: z.string().optional(),
    issueCount: z.number().int().nonnegative().optional(),
    /** Foreign cards: GB/T 2659 three-letter nationality code. */
    nationality: z.string().optional(),
    /** The 1024-byte WLT photo block, base64; decoding it needs a vendor library (photo decoder plug-in). */
    photoWlt: z.string().optional(),
  })
  .superRefine((rec, ctx) => {
    if (
      (rec.cardType === 'resident' || rec.cardType === 'hmt_residence_permit') &&
      !isValidIdNumber(rec.idNumber)
    ) {
      ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'ID number fails the GB 11643 check' });
    }
  });
export type IdCardRecord = z.infer<typeof IdCardRecord>;
