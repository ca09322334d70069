import { z } from 'zod';

// The data lifecycle (issue 18, docs/data.md): how long each kind of personal data is kept, what a
// retention sweep did, and a resident's own record (look up, export, erase) on request.

const days = (max: number) => z.number().int().min(1).max(max);

/**
 * Retention periods, per kind of personal data. After its period a field is erased (a marker or
 * nothing stays); what reports need — item, times, outcome, station, counts — stays.
 */
export const RetentionSettings = z.object({
  /** A resident's ID number, its lookup hash, name and birth date: days after their last visit or booking. */
  residentIdentityDays: days(3650),
  /** The identity and the agent's notes on a video case: days after the case was opened. */
  caseIdentityDays: days(3650),
  /** A resident's answers to forms pushed in a video call: days after the answer. */
  formAnswersDays: days(3650),
  /** Photos of documents taken in a video call: hours after the upload. */
  documentHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 3650),
  /** Signature images and the text signed: days after the signature. */
  signatureDays: days(3650),
  /** The free text of ratings and of their follow-ups (once closed): days after the rating. */
  ratingTextDays: days(3650),
  /** What an audit entry recorded beyond who, what and when (its detail): days after the entry. */
  auditDetailDays: days(3650),
  /** Rows one sweep run changes per statement at most (each batch is its own short transaction). */
  batchSize: z.number().int().min(10).max(100_000),
  /** Batches per kind in one run at most; what is left is done by the next run. */
  maxBatches: z.number().int().min(1).max(100_000),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const RetentionKind = z.enum([
  'residentIdentity',
  'caseIdentity',
  'formAnswers',
  'documents',
  'signatures',
  'ratingText',
  'auditDetail',
  /** Answers kept to replay a retried request (Idempotency-Key), which may repeat what was sent: 7 days, fixed. */
  'requestRecords',
]);
export type RetentionKind = z.infer<typeof RetentionKind>;

const count = z.number().int().min(0);
/** Rows erased (or due, in a dry run) per kind. */
export const SweepCounts = z.object({
  residentIdentity: count,
  caseIdentity: count,
  formAnswers: count,
  documents: count,
  signatures: count,
  ratingText: count,
  auditDetail: count,
  requestRecords: count,
});
export type SweepCounts = z.infer<typeof SweepCounts>;

/** One sweep run: what it erased (or, dry, would erase) per kind, and whether more is left for the next run. */
export const SweepResult = z.object({
  at: z.string().datetime({ offset: true }),
  dryRun: z.boolean(),
  counts: SweepCounts,
  /** True when a kind hit maxBatches: the next run goes on. */
  more: z.boolean(),
  ms: z.number().int().min(0),
  /**
   * Rows that were due but kept because their resident is under a legal hold ("kept: held"), per kind.
   * Absent in runs recorded before holds existed.
   */
  held: SweepCounts.optional(),
});
export type SweepResult = z.infer<typeof SweepResult>;

export const SweepQuery = z.object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional() });
export type SweepQuery = z.infer<typeof SweepQuery>;

export const SweepHistory = z.object({ runs: z.array(SweepResult) });
export type SweepHistory = z.infer<typeof SweepHistory>;

/** Every lookup, export and erasure says why (it is audited with the reason). */
const Reason = z.string().trim().min(4).max(500);

export const ResidentRequest = z.object({
  idNumber: z.string().min(15).max(18),
  reason: Reason,
});
export type ResidentRequest = z.infer<typeof ResidentRequest>;

export const ResidentRecordQuery = z.object({ format: z.enum(['json', 'html']).default('json') });
export type ResidentRecordQuery = z.infer<typeof ResidentRecordQuery>;

export const ResidentErasureRequest = ResidentRequest.extend({
  /** The erasure cannot be undone: the caller confirms it by sending the last four characters of the ID number. */
  confirm: z.string().length(4),
});
export type ResidentErasureRequest = z.infer<typeof ResidentErasureRequest>;

const isoTime = z.string().datetime({ offset: true });
const nullableTime = isoTime.nullable();

/**
 * A legal hold on a resident's personal data: while active, neither the retention sweep nor an
 * erasure on request touches it. Lifted holds stay listed (who lifted it, when and why).
 */
export const LegalHold = z.object({
  id: z.string(),
  reason: z.string(),
  setBy: z.string(),
  setAt: isoTime,
  /** The hold ends by itself at this time; null = until lifted. */
  until: nullableTime,
  liftedBy: z.string().nullable(),
  liftedAt: nullableTime,
  liftReason: z.string().nullable(),
  /** Not lifted and not past its until-time. */
  active: z.boolean(),
});
export type LegalHold = z.infer<typeof LegalHold>;

/** Setting a hold: the resident by ID number (in the body, never a URL), why, and optionally until which day. */
export const HoldRequest = ResidentRequest.extend({
  /** The last service day (Asia/Shanghai) the hold covers; omitted = until lifted. */
  until: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type HoldRequest = z.infer<typeof HoldRequest>;

/** Lifting the resident's active hold: why (audited). */
export const HoldLiftRequest = ResidentRequest;
export type HoldLiftRequest = z.infer<typeof HoldLiftRequest>;

/** The answer to setting or lifting a hold: the resident's holds afterwards, newest first. */
export const HoldResult = z.object({
  /** False when nothing is held under this ID number (no hold was set or lifted). */
  found: z.boolean(),
  holds: z.array(LegalHold),
});
export type HoldResult = z.infer<typeof HoldResult>;

/** Everything held about one resident (within the caller's centres). */
export const ResidentRecord = z.object({
  found: z.boolean(),
  resident: z
    .object({
      idNumberMasked: z.string(),
      name: z.string().nullable(),
      birthDate: z.string().nullable(),
      firstSeenAt: isoTime,
    })
    .nullable(),
  tickets: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      centreId: z.string(),
      stationId: z.string().nullable(),
      itemId: z.string(),
      channel: z.string(),
      status: z.string(),
      outcome: z.string().nullable(),
      issuedAt: isoTime,
      finishedAt: nullableTime,
    }),
  ),
  appointments: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      centreId: z.string(),
      itemId: z.string(),
      status: z.string(),
      startsAt: isoTime,
    }),
  ),
  videoCases: z.array(
    z.object({
      id: z.string(),
      caseNumber: z.string(),
      ticketId: z.string(),
      status: z.string(),
      outcome: z.string().nullable(),
      notes: z.string(),
      identityHeld: z.boolean(),
      createdAt: isoTime,
      documents: z.array(z.object({ id: z.string(), kind: z.string(), createdAt: isoTime })),
      forms: z.array(
        z.object({
          id: z.string(),
          templateId: z.string(),
          status: z.string(),
          answers: z.record(z.string(), z.string()).nullable(),
        }),
      ),
      rating: z.object({ level: z.number().int(), reason: z.string().nullable() }).nullable(),
    }),
  ),
  /** Who looked at this resident's identity, looked the resident up or erased their data. */
  audit: z.array(z.object({ at: isoTime, actorType: z.string(), actorId: z.string(), action: z.string() })),
  /** Legal holds on this resident, newest first (the active one, if any, is first). */
  holds: z.array(LegalHold),
});
export type ResidentRecord = z.infer<typeof ResidentRecord>;

/** Why an erasure kept something, as a code (the UI words it in both languages). */
export const KeptReason = z.enum([
  'open_ticket',
  'appointment_to_come',
  'open_case',
  'open_followup',
  'legal_hold',
]);
export type KeptReason = z.infer<typeof KeptReason>;

export const ErasureResult = z.object({
  /** False when nothing was held under this ID number. */
  found: z.boolean(),
  /** The identity (ID number, hash, name, birth date) was erased. */
  identityErased: z.boolean(),
  counts: z.object({
    tickets: z.number().int(),
    appointments: z.number().int(),
    videoCases: z.number().int(),
    documents: z.number().int(),
    forms: z.number().int(),
    ratings: z.number().int(),
  }),
  /**
   * What is kept and why (an open ticket, a future appointment, an open video case or follow-up, or a
   * legal hold, which keeps everything: then it is the only entry, its id the hold's).
   */
  kept: z.array(z.object({ kind: z.string(), id: z.string(), why: z.string(), reason: KeptReason })),
});
export type ErasureResult = z.infer<typeof ErasureResult>;

/** Scheduled backups (the folder and the key are the server's: --backup-dir, DOORSTEP_BACKUP_KEY). */
export const BackupSchedule = z.object({
  enabled: z.boolean(),
  /** Hours between backups. */
  everyHours: z.number().int().min(1).max(168),
  /** Backups kept in the folder; older ones are deleted after each successful backup. */
  keep: z.number().int().min(1).max(365),
});
export type BackupSchedule = z.infer<typeof BackupSchedule>;

export const BackupRun = z.object({
  at: isoTime,
  ok: z.boolean(),
  /** File name in the backup folder (no path). */
  file: z.string().nullable(),
  bytes: z.number().int().nullable(),
  ms: z.number().int(),
  error: z.string().nullable(),
});
export type BackupRun = z.infer<typeof BackupRun>;

export const BackupWarning = z.enum([
  'BACKUP_NOT_SCHEDULED', // no schedule, or no folder or key on the server
  'BACKUP_MISSING', // no successful backup within twice the interval
  'BACKUP_FAILED', // the last attempt failed
]);
export type BackupWarning = z.infer<typeof BackupWarning>;

export const BackupStatus = z.object({
  schedule: BackupSchedule,
  /** The server has a backup folder and a backup key. */
  configured: z.boolean(),
  last: BackupRun.nullable(),
  lastSuccessAt: nullableTime,
  warning: BackupWarning.nullable(),
});
export type BackupStatus = z.infer<typeof BackupStatus>;
