import { z } from 'zod';
import { Bilingual, ServiceItem } from '../catalog';
import { RecordId, Version } from './admin-places';

// Administration of the service catalogue (issue 12): items and skill groups, district-wide. An
// item's pinyin initials are computed by central; its number prefix belongs to one skill group
// (one number series per prefix in a centre) and cannot change on a day tickets were issued with it.

export const ItemFields = z.object({
  code: z.string().regex(/^[A-Z0-9-]{2,32}$/, 'code is 2-32 upper-case letters, digits or dashes'),
  name: Bilingual,
  description: Bilingual.optional(),
  category: ServiceItem.shape.category,
  channels: ServiceItem.shape.channels,
  idCardRequired: z.boolean().default(true),
  materials: ServiceItem.shape.materials,
  legalLimitDays: z.number().int().nonnegative(),
  promisedLimitDays: z.number().int().nonnegative(),
  skillGroup: z.string().min(1),
  ticketPrefix: z.string().regex(/^[A-Z]$/, 'prefix is one upper-case letter'),
  serviceMinutes: z.number().int().min(1).max(480).optional(),
  appointment: ServiceItem.shape.appointment,
  active: z.boolean().default(true),
});
const limits = <T extends { promisedLimitDays: number; legalLimitDays: number }>(i: T) =>
  i.promisedLimitDays <= i.legalLimitDays;
const limitsMsg = {
  path: ['promisedLimitDays'],
  message: 'the promised time limit cannot exceed the legal one',
};
export const ItemCreate = ItemFields.extend({ id: RecordId.optional() }).refine(limits, limitsMsg);
export type ItemCreate = z.infer<typeof ItemCreate>;
export const ItemUpdate = ItemFields.extend({ version: Version }).refine(limits, limitsMsg);
export type ItemUpdate = z.infer<typeof ItemUpdate>;
export const AdminItem = z.intersection(ServiceItem, z.object({ version: Version }));
export type AdminItem = z.infer<typeof AdminItem>;

export const SkillGroupFields = z.object({ name: Bilingual, active: z.boolean().default(true) });
export const SkillGroupCreate = SkillGroupFields.extend({ id: RecordId });
export type SkillGroupCreate = z.infer<typeof SkillGroupCreate>;
export const SkillGroupUpdate = SkillGroupFields.extend({ version: Version });
export type SkillGroupUpdate = z.infer<typeof SkillGroupUpdate>;
export const AdminSkillGroup = SkillGroupFields.extend({ id: z.string(), version: Version });
export type AdminSkillGroup = z.infer<typeof AdminSkillGroup>;
