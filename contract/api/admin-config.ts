import { z } from 'zod';
import { Bilingual, ServiceItem } from '../catalog';
import { Settings } from './admin';
import { CalendarDay } from './admin-calendar';
import { CentreFields, RecordId, StationFields } from './admin-places';
import { SkillGroupFields } from './admin-catalog';
import { StaffFields } from './admin-staff';

// The whole configuration a caller may see, as one document (GET/POST /api/v1/admin/config): for
// bulk setup, export and review. Records are matched by id; applying a document creates what is new,
// changes what differs and deactivates what it leaves out (within the caller's centres), in one
// transaction. Staff carry no secrets; a new account may bring an initial password (input only),
// otherwise it must be given one with a password reset before anyone can sign in with it.

export const ConfigCentre = CentreFields.extend({ id: RecordId });
export const ConfigStation = StationFields.extend({ id: RecordId });
export const ConfigSkillGroup = SkillGroupFields.extend({ id: RecordId });
export const ConfigStaff = StaffFields.extend({
  id: RecordId,
  username: z.string().regex(/^[a-z0-9_.-]{3,32}$/, '3-32 lower-case letters, digits, _ . -'),
  password: z.string().min(10).max(256).optional(),
});

export const ConfigDocument = z.object({
  format: z.literal('doorstep-config/1').default('doorstep-config/1'),
  district: z.object({ id: RecordId, name: Bilingual }),
  /** Absent: settings stay as they are. */
  settings: Settings.optional(),
  skillGroups: z.array(ConfigSkillGroup).max(500),
  items: z.array(ServiceItem).max(2000),
  centres: z.array(ConfigCentre).max(500),
  stations: z.array(ConfigStation).max(20_000),
  staff: z.array(ConfigStaff).max(50_000),
  /** Holidays, make-up working days and closures; absent: the calendar stays as it is. */
  calendar: z.array(CalendarDay).max(20_000).optional(),
});
export type ConfigDocument = z.infer<typeof ConfigDocument>;
export type ConfigDocumentInput = z.input<typeof ConfigDocument>;

export const ConfigApplyQuery = z.object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional() });
export type ConfigApplyQuery = z.infer<typeof ConfigApplyQuery>;

const Ids = z.array(z.string());
export const ConfigChangeSet = z.object({
  created: Ids,
  changed: Ids,
  deactivated: Ids,
});
export type ConfigChangeSet = z.infer<typeof ConfigChangeSet>;

/** What a document would do (dryRun) or did, per kind of record: ids created, changed, deactivated. */
export const ConfigApplyResult = z.object({
  dryRun: z.boolean(),
  skillGroups: ConfigChangeSet,
  items: ConfigChangeSet,
  centres: ConfigChangeSet,
  stations: ConfigChangeSet,
  staff: ConfigChangeSet,
  calendar: z.object({ set: z.number().int(), removed: z.number().int() }),
  settingsChanged: z.boolean(),
});
export type ConfigApplyResult = z.infer<typeof ConfigApplyResult>;
