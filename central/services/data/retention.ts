import { RetentionSettings } from '../../../contract/api/data';
import type { Db } from '../../db/db';

// Retention periods (docs/data.md gives each one's legal reason), kept in the settings table under
// their own key so they change without touching the queue settings. Read fresh for every sweep run:
// a change by another central instance sharing the database counts from its next run.

export const DEFAULT_RETENTION: RetentionSettings = {
  residentIdentityDays: 180,
  caseIdentityDays: 90,
  formAnswersDays: 30,
  documentHours: 72,
  signatureDays: 30,
  ratingTextDays: 180,
  auditDetailDays: 365,
  batchSize: 500,
  maxBatches: 200,
};

export async function loadRetention(db: Db): Promise<RetentionSettings> {
  const row = await db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'retention'");
  if (!row) return DEFAULT_RETENTION;
  const parsed = RetentionSettings.safeParse({ ...DEFAULT_RETENTION, ...JSON.parse(row.value) });
  // A stored value this code no longer accepts falls back to the defaults rather than stopping the sweep.
  return parsed.success ? parsed.data : DEFAULT_RETENTION;
}

export async function saveRetention(db: Db, next: RetentionSettings): Promise<RetentionSettings> {
  await db.run(
    `INSERT INTO settings (key, value) VALUES ('retention', ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [JSON.stringify(next)],
  );
  return next;
}
