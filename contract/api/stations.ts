import { z } from 'zod';
import { Bilingual } from '../catalog';

// Places (district → centres → stations → kiosks) and kiosk enrollment.

export const Centre = z.object({
  id: z.string(),
  districtId: z.string(),
  name: Bilingual,
  address: Bilingual,
});
export type Centre = z.infer<typeof Centre>;

export const Station = z.object({
  id: z.string(),
  centreId: z.string(),
  name: Bilingual,
  address: Bilingual,
});
export type Station = z.infer<typeof Station>;

export const PlacesResponse = z.object({
  district: z.object({ id: z.string(), name: Bilingual }),
  centres: z.array(Centre),
  stations: z.array(Station),
});
export type PlacesResponse = z.infer<typeof PlacesResponse>;

/** POST /api/v1/admin/enrollment-codes (admin). */
export const EnrollmentCodeRequest = z.object({ stationId: z.string().min(1) });
export type EnrollmentCodeRequest = z.infer<typeof EnrollmentCodeRequest>;

export const EnrollmentCodeResponse = z.object({
  /** One-time code, shown once; valid 24 hours. */
  code: z.string(),
  stationId: z.string(),
  expiresAt: z.string().datetime({ offset: true }),
});
export type EnrollmentCodeResponse = z.infer<typeof EnrollmentCodeResponse>;

/** POST /api/v1/stations/enroll (no auth; rate limited). */
export const EnrollRequest = z.object({
  code: z.string().min(4).max(64),
  /** A label for the kiosk (e.g. its hostname); optional. */
  kioskName: z.string().min(1).max(100).optional(),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.object({
  /** Station token: send as `Authorization: Bearer <token>`. Stored hashed by central; shown once. */
  token: z.string(),
  kioskId: z.string(),
  stationId: z.string(),
  centreId: z.string(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

/** GET /api/v1/stations/me (station token). */
export const StationMe = z.object({ kioskId: z.string(), station: Station, centre: Centre });
export type StationMe = z.infer<typeof StationMe>;
