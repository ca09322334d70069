import { z } from 'zod';
import { Bilingual } from '../catalog';

// Administration of places (issue 12): centres with weekly opening hours and the public base URL of
// their QR links, stations with the items they offer, kiosks. Every editable record carries a
// `version`; an update sends the version it was read at and a stale one is refused with 409
// VERSION_CONFLICT. Nothing is deleted: records are deactivated (`active: false`).

/** Record ids: letters, digits, dashes and underscores (readable in logs and URLs; central's own ids fit). */
export const RecordId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,62}$/, '2-63 letters, digits, dashes or underscores');
export const Version = z.number().int().positive();

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time HH:MM');
export const Period = z
  .object({ from: TimeOfDay, to: TimeOfDay })
  .refine((p) => p.from < p.to, { path: ['to'], message: 'a period must end after it starts' });
export type Period = z.infer<typeof Period>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/** Weekly opening hours: several periods a day (e.g. 09:00-12:00 and 13:30-17:00); a day absent is closed. */
export const OpeningHours = z.partialRecord(Weekday, z.array(Period).max(6)).superRefine((hours, ctx) => {
  for (const [day, periods] of Object.entries(hours)) {
    const sorted = [...(periods ?? [])].sort((a, b) => a.from.localeCompare(b.from));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.from < sorted[i - 1]!.to) {
        ctx.addIssue({
          code: 'custom',
          path: [day],
          message: `opening hours overlap: ${sorted[i - 1]!.from}-${sorted[i - 1]!.to} and ${sorted[i]!.from}-${sorted[i]!.to}`,
        });
      }
    }
  }
});
export type OpeningHours = z.infer<typeof OpeningHours>;

export const CentreFields = z.object({
  name: Bilingual,
  address: Bilingual,
  openingHours: OpeningHours,
  /** The base URL residents' phones reach for this centre (every QR and status link); null: central's own. */
  publicBaseUrl: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'an http(s) URL')
    .nullable()
    .default(null),
  active: z.boolean().default(true),
});
export const CentreCreate = CentreFields.extend({ id: RecordId.optional() });
export type CentreCreate = z.infer<typeof CentreCreate>;
export const CentreUpdate = CentreFields.extend({ version: Version });
export type CentreUpdate = z.infer<typeof CentreUpdate>;
export const AdminCentre = CentreFields.extend({ id: z.string(), districtId: z.string(), version: Version });
export type AdminCentre = z.infer<typeof AdminCentre>;

export const StationFields = z.object({
  centreId: z.string().min(1),
  name: Bilingual,
  address: Bilingual,
  open24h: z.boolean().default(false),
  /** The items this station's kiosks offer; null: every active item of the catalogue. */
  itemIds: z.array(z.string().min(1)).max(500).nullable().default(null),
  active: z.boolean().default(true),
});
export const StationCreate = StationFields.extend({ id: RecordId.optional() });
export type StationCreate = z.infer<typeof StationCreate>;
export const StationUpdate = StationFields.extend({ version: Version });
export type StationUpdate = z.infer<typeof StationUpdate>;
export const AdminStation = StationFields.extend({ id: z.string(), version: Version });
export type AdminStation = z.infer<typeof AdminStation>;

export const StationListQuery = z.object({
  centreId: z.string().optional(),
  q: z.string().max(100).optional(),
});
export type StationListQuery = z.infer<typeof StationListQuery>;

export const AdminKiosk = z.object({
  id: z.string(),
  stationId: z.string(),
  centreId: z.string(),
  name: z.string().nullable(),
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
  /** From the last heartbeat (ok, degraded, offline …); null before the first one. */
  health: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  version: Version,
});
export type AdminKiosk = z.infer<typeof AdminKiosk>;

/** PUT /api/v1/admin/kiosks/{id}: rename, or move to another station (of a centre the admin holds). */
export const KioskUpdate = z.object({
  name: z.string().min(1).max(100).nullable(),
  stationId: z.string().min(1),
  version: Version,
});
export type KioskUpdate = z.infer<typeof KioskUpdate>;

/**
 * POST /api/v1/admin/stations/{id}/enrollment-sheet: a new one-time code (valid 24 h) with what the
 * technician's printed sheet shows. `?format=html` answers the printable A4/A5 page itself.
 */
export const EnrollmentSheet = z.object({
  code: z.string(),
  stationId: z.string(),
  station: Bilingual,
  centre: Bilingual,
  expiresAt: z.string(),
  /** The QR code of the enrollment code, as an SVG document. */
  qrSvg: z.string(),
});
export const EnrollmentSheetQuery = z.object({ format: z.enum(['json', 'html']).default('json') });
export type EnrollmentSheet = z.infer<typeof EnrollmentSheet>;
