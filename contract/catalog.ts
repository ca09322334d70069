import { z } from 'zod';

// Service catalog (服务事项), domain.md "Service catalog".

export const Bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof Bilingual>;

export const Category = z.enum([
  'party_community', // 党群
  'government', // 政务
  'daily_life', // 生活
  'legal', // 法律
  'health', // 健康
  'culture', // 文化
  'community_management', // 社区管理
]);
export type Category = z.infer<typeof Category>;

export const Channel = z.enum(['video', 'window']);
export type Channel = z.infer<typeof Channel>;

export const Material = z.object({
  name: Bilingual,
  copies: z.number().int().positive().default(1),
  original: z.boolean().default(false),
  note: Bilingual.optional(),
});
export type Material = z.infer<typeof Material>;

export const ServiceItem = z
  .object({
    id: z.string().min(1),
    code: z.string().regex(/^[A-Z0-9-]{2,32}$/, 'code is 2-32 upper-case letters, digits or dashes'),
    name: Bilingual,
    category: Category,
    channels: z.array(Channel).min(1),
    idCardRequired: z.boolean(),
    /** 一次性告知: the complete list of materials, told once. */
    materials: z.array(Material),
    /** 法定时限, working days. */
    legalLimitDays: z.number().int().nonnegative(),
    /** 承诺时限, working days; never longer than the legal limit. */
    promisedLimitDays: z.number().int().nonnegative(),
    skillGroup: z.string().min(1),
    /** Ticket prefix, one upper-case letter (V for video, A… for window groups). */
    ticketPrefix: z.string().regex(/^[A-Z]$/, 'prefix is one upper-case letter'),
    active: z.boolean().default(true),
  })
  .refine((i) => i.promisedLimitDays <= i.legalLimitDays, {
    path: ['promisedLimitDays'],
    message: 'the promised time limit cannot exceed the legal one',
  });
export type ServiceItem = z.infer<typeof ServiceItem>;
