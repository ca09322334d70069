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
  /** False for a material that helps but is not needed; absent means required. */
  required: z.boolean().optional(),
});
export type Material = z.infer<typeof Material>;

/** How an item is booked (预约): slots of this length and capacity, bookable this many days ahead. */
export const AppointmentSettings = z.object({
  slotMinutes: z.number().int().min(5).max(240),
  capacity: z.number().int().min(1).max(100),
  horizonDays: z.number().int().min(1).max(60),
  /** Check-in window around the slot start (minutes before / after). */
  checkInBeforeMinutes: z.number().int().min(0).max(240),
  checkInAfterMinutes: z.number().int().min(0).max(240),
});
export type AppointmentSettings = z.infer<typeof AppointmentSettings>;

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
    description: Bilingual.optional(),
    /** Pinyin initials of the Chinese name (居住证办理 → jzzbl), computed by central, never typed. */
    initials: z.string().optional(),
    /** Expected minutes at the counter (estimates before there is history). */
    serviceMinutes: z.number().int().min(1).max(480).optional(),
    /** Absent: the item is not bookable. */
    appointment: AppointmentSettings.optional(),
  })
  .refine((i) => i.promisedLimitDays <= i.legalLimitDays, {
    path: ['promisedLimitDays'],
    message: 'the promised time limit cannot exceed the legal one',
  });
export type ServiceItem = z.infer<typeof ServiceItem>;
