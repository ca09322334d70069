import { z } from 'zod';

// First-boot provisioning of a kiosk (docs/deployment.md): what a technician hands a fresh kiosk, as a
// provision.json on a USB stick or the boot partition, or as a QR scanned with the kiosk's own scanner,
// and what the kiosk's "not provisioned" page is told while it waits.

/** The enrollment code central issues (central/security/secrets.ts): 3 groups of 4, dashes optional. */
export const ENROLL_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{4}-?[A-HJ-NP-Z2-9]{4}-?[A-HJ-NP-Z2-9]{4}$/i;

const Pem = z
  .string()
  .max(64 * 1024)
  .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, 'a PEM certificate');

/** provision.json: everything a kiosk needs to enroll on its first boot. */
export const ProvisionFile = z
  .object({
    /** Central's URL, https in production (http only on loopback or a lab network). */
    central: z.string().url().max(500),
    enrollCode: z
      .string()
      .trim()
      .regex(ENROLL_CODE_PATTERN, 'the code on the enrollment sheet (XXXX-XXXX-XXXX)'),
    /** The district's CA certificate (PEM) when central's certificate is not from a public CA. */
    caCert: Pem.optional(),
    /** Screen rotation in degrees, clockwise (a portrait-mounted screen is 90 or 270). */
    rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).default(0),
    /** The technician PIN to set (4-12 digits); absent: technician mode stays locked until set. */
    techPin: z
      .string()
      .regex(/^\d{4,12}$/)
      .optional(),
  })
  .strict();
export type ProvisionFile = z.infer<typeof ProvisionFile>;

/** Where a provisioning request came from, for the page and the log. */
export const ProvisionSource = z.enum(['file', 'scanner', 'page']);
export type ProvisionSource = z.infer<typeof ProvisionSource>;

/** What the "not provisioned" page polls (GET /provision/state). */
export const ProvisionState = z.object({
  state: z.enum(['waiting', 'enrolling', 'enrolled', 'failed']),
  /** Central the kiosk would enroll with when only a code is scanned (null: a full QR or file is needed). */
  central: z.string().nullable(),
  /** The last attempt's error code and source (failed). */
  error: z.object({ code: z.string(), source: ProvisionSource }).optional(),
  /** Folders searched for provision.json. */
  searched: z.array(z.string()),
});
export type ProvisionState = z.infer<typeof ProvisionState>;

/** A scan typed into the page by a keyboard-wedge scanner (POST /provision/scan). */
export const ProvisionScanBody = z.object({ text: z.string().min(1).max(8192) });
