import { DoorstepError, fieldErrorsOf } from '../../contract/errors';
import { messages, t, type MessageKey } from '../../contract/i18n';
import {
  formReplySchema,
  formTemplate,
  type CaseForm,
  type FormTemplateId,
} from '../../contract/video-forms';
import type { Sealer } from './crypto';
import { isoOf, type VDb } from './db-port';

// Short forms pushed to the kiosk during a call (rows in video_forms). The push is recorded when the
// agent sends it over the relay; the kiosk's reply is checked against the template (the same zod
// schema the kiosk uses), sealed with AES-256-GCM and kept with the case; only one answer per form.
// Values never go into the timeline, the error messages or the logs.

interface FormRow {
  case_id: string;
  id: string;
  template_id: string;
  status: string;
  pushed_at: number;
  answered_at: number | null;
  values_enc: string | null;
}

export class CaseForms {
  constructor(
    private readonly db: VDb,
    private readonly sealer: Sealer,
    private readonly now: () => number,
  ) {}

  /** Any push from the agent replaces what the kiosk showed: forms still waiting become `replaced`. */
  async replacePending(caseId: string, except = ''): Promise<string[]> {
    const rows = await this.db.all<{ id: string }>(
      "SELECT id FROM video_forms WHERE case_id = ? AND status = 'pushed' AND id <> ?",
      [caseId, except],
    );
    for (const r of rows) {
      await this.db.run(
        "UPDATE video_forms SET status = 'replaced' WHERE case_id = ? AND id = ? AND status = 'pushed'",
        [caseId, r.id],
      );
    }
    return rows.map((r) => r.id);
  }

  async push(caseId: string, formId: string, templateId: FormTemplateId, by: string): Promise<void> {
    const known = await this.db.get('SELECT id FROM video_forms WHERE case_id = ? AND id = ?', [
      caseId,
      formId,
    ]);
    if (known) throw new DoorstepError('CONFLICT', `form ${formId} was pushed already in this case`);
    await this.db.run(
      `INSERT INTO video_forms (case_id, id, template_id, status, pushed_at, pushed_by, answered_at, values_enc)
       VALUES (?, ?, ?, 'pushed', ?, ?, NULL, NULL)`,
      [caseId, formId, templateId, this.now(), by],
    );
  }

  private async waiting(caseId: string, formId: string): Promise<FormRow> {
    const row = await this.db.get<FormRow>('SELECT * FROM video_forms WHERE case_id = ? AND id = ?', [
      caseId,
      formId,
    ]);
    if (!row) throw new DoorstepError('NOT_FOUND', `no form ${formId} was pushed in this case`);
    if (row.status !== 'pushed') throw new DoorstepError('INVALID_TRANSITION', `the form is ${row.status}`);
    return row;
  }

  /** Checks the reply against the form's template and stores it sealed; returns the clean values. */
  async reply(
    caseId: string,
    formId: string,
    values: Record<string, string>,
  ): Promise<{ templateId: string; values: Record<string, string> }> {
    const row = await this.waiting(caseId, formId);
    const template = formTemplate(row.template_id);
    if (!template) throw new DoorstepError('INTERNAL', `unknown form template ${row.template_id}`);
    const r = formReplySchema(template).safeParse(values);
    if (!r.success) {
      const fields = fieldErrorsOf(r.error.issues);
      const text = (path: string, m: string) => {
        const f = template.fields.find((x) => x.id === path);
        const params = { min: f?.min ?? 0, max: f?.max ?? f?.maxLength ?? '' };
        return m in messages ? t(m as MessageKey, 'en', params) : m;
      };
      const what = fields.map((f) => `${f.path}: ${text(f.path, f.message)}`).join('; ');
      throw new DoorstepError('VALIDATION_FAILED', `the form reply was refused (${what})`, fields);
    }
    const n = await this.db.run(
      `UPDATE video_forms SET status = 'answered', answered_at = ?, values_enc = ?
       WHERE case_id = ? AND id = ? AND status = 'pushed'`,
      [this.now(), this.sealer.sealText(JSON.stringify(r.data)), caseId, formId],
    );
    if (n === 0) throw new DoorstepError('INVALID_TRANSITION', 'the form was answered already');
    return { templateId: row.template_id, values: r.data };
  }

  async cancel(caseId: string, formId: string): Promise<{ templateId: string }> {
    const row = await this.waiting(caseId, formId);
    const n = await this.db.run(
      "UPDATE video_forms SET status = 'cancelled', answered_at = ? WHERE case_id = ? AND id = ? AND status = 'pushed'",
      [this.now(), caseId, formId],
    );
    if (n === 0) throw new DoorstepError('INVALID_TRANSITION', 'the form was answered already');
    return { templateId: row.template_id };
  }

  /** The case's forms with their (unsealed) answers, oldest first. */
  async list(caseId: string): Promise<CaseForm[]> {
    const rows = await this.db.all<FormRow>(
      'SELECT * FROM video_forms WHERE case_id = ? ORDER BY pushed_at, id',
      [caseId],
    );
    return rows.map((r) => ({
      id: r.id,
      templateId: r.template_id as FormTemplateId,
      status: r.status as CaseForm['status'],
      pushedAt: isoOf(r.pushed_at)!,
      answeredAt: isoOf(r.answered_at),
      values: r.values_enc
        ? (JSON.parse(this.sealer.openText(r.values_enc)) as Record<string, string>)
        : null,
    }));
  }
}
