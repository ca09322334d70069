import { z } from 'zod';
import type { MessageKey } from './i18n';

// Short forms the agent pushes to the kiosk during a video call (推送表单): a small catalogue of
// templates defined once here, with one validation used by the kiosk (as the resident types and
// before sending) and by the central service (the reply on the signaling relay). Every text is an
// i18n key (contract/i18n/video-forms.ts). Values travel as strings: digits for phone and number
// fields, the option value for a choice, 'yes'/'no' for a yes/no question.

export const FormFieldType = z.enum(['text', 'phone', 'number', 'choice', 'yesno']);
export type FormFieldType = z.infer<typeof FormFieldType>;

export interface FormOption {
  value: string;
  label: MessageKey;
}

export interface FormField {
  id: string;
  label: MessageKey;
  type: FormFieldType;
  required: boolean;
  /** text: at most this many characters (after trimming). */
  maxLength?: number;
  /** number: inclusive range. */
  min?: number;
  max?: number;
  /** choice: the options, in the order shown. */
  options?: readonly FormOption[];
  /** Asked (and then required if `required`) only when another field has this value. */
  when?: { field: string; is: string };
}

export interface FormTemplate {
  id: string;
  title: MessageKey;
  fields: readonly FormField[];
}

export const FORM_TEMPLATES = [
  {
    id: 'contact-phone',
    title: 'form.contactPhone.title',
    fields: [{ id: 'phone', label: 'form.field.phone', type: 'phone', required: true }],
  },
  {
    id: 'current-address',
    title: 'form.address.title',
    fields: [
      { id: 'sameAsRegistered', label: 'form.field.sameAsRegistered', type: 'yesno', required: true },
      {
        id: 'address',
        label: 'form.field.address',
        type: 'text',
        required: true,
        maxLength: 60,
        when: { field: 'sameAsRegistered', is: 'no' },
      },
      {
        id: 'housing',
        label: 'form.field.housing',
        type: 'choice',
        required: true,
        options: [
          { value: 'owned', label: 'form.housing.owned' },
          { value: 'rented', label: 'form.housing.rented' },
          { value: 'relatives', label: 'form.housing.relatives' },
          { value: 'dormitory', label: 'form.housing.dormitory' },
        ],
      },
    ],
  },
  {
    id: 'household-size',
    title: 'form.household.title',
    fields: [
      { id: 'members', label: 'form.field.members', type: 'number', required: true, min: 1, max: 20 },
      { id: 'seniors', label: 'form.field.seniors', type: 'number', required: false, min: 0, max: 20 },
      { id: 'minors', label: 'form.field.minors', type: 'number', required: false, min: 0, max: 20 },
    ],
  },
  {
    id: 'emergency-contact',
    title: 'form.emergency.title',
    fields: [
      { id: 'name', label: 'form.field.contactName', type: 'text', required: true, maxLength: 20 },
      {
        id: 'relation',
        label: 'form.field.relation',
        type: 'choice',
        required: true,
        options: [
          { value: 'spouse', label: 'form.relation.spouse' },
          { value: 'child', label: 'form.relation.child' },
          { value: 'parent', label: 'form.relation.parent' },
          { value: 'sibling', label: 'form.relation.sibling' },
          { value: 'other', label: 'form.relation.other' },
        ],
      },
      { id: 'phone', label: 'form.field.contactPhone', type: 'phone', required: true },
    ],
  },
] as const satisfies readonly FormTemplate[];

export type FormTemplateId = (typeof FORM_TEMPLATES)[number]['id'];
export const FormTemplateId = z.enum(
  FORM_TEMPLATES.map((t) => t.id) as [FormTemplateId, ...FormTemplateId[]],
);

export function formTemplate(id: string): FormTemplate | undefined {
  return (FORM_TEMPLATES as readonly FormTemplate[]).find((t) => t.id === id);
}

/** A form pushed in a case: set by the console, unique within the case. */
export const FormId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** The wire shape of a reply, before the template's own rules (the relay checks those). */
export const FormValues = z
  .record(z.string().max(40), z.string().max(500))
  .refine((v) => Object.keys(v).length <= 20, { message: 'too many fields' });
export type FormValues = z.infer<typeof FormValues>;

/** Whether a field is asked, given the other answers (`when`). */
export function fieldApplies(f: FormField, values: Readonly<Record<string, string>>): boolean {
  return !f.when || values[f.when.field] === f.when.is;
}

const MOBILE = /^1[3-9]\d{9}$/;
/** A fixed line with its area code: 0 + 2–3 digit area code + 7–8 digit number. */
const LANDLINE = /^0\d{9,11}$/;
const CONTROL = /\p{Cc}/u;

/**
 * How a field's value stands while it is typed: 'empty', 'incomplete' (a phone number still short),
 * 'valid', or the i18n key of the problem. Required-ness is not judged here (see `formReplySchema`).
 */
export function fieldState(f: FormField, raw: string): 'empty' | 'incomplete' | 'valid' | MessageKey {
  const v = f.type === 'text' ? raw.trim() : raw;
  if (v === '') return 'empty';
  switch (f.type) {
    case 'phone':
      if (!/^\d+$/.test(v)) return 'form.bad.phone';
      if (v.startsWith('1'))
        return v.length < 11 ? 'incomplete' : MOBILE.test(v) ? 'valid' : 'form.bad.phone';
      if (v.startsWith('0'))
        return v.length < 10 ? 'incomplete' : LANDLINE.test(v) ? 'valid' : 'form.bad.phone';
      return 'form.bad.phone';
    case 'number': {
      if (!/^\d{1,4}$/.test(v)) return 'form.bad.number';
      const n = Number(v);
      return n < (f.min ?? 0) || n > (f.max ?? 9999) ? 'form.bad.range' : 'valid';
    }
    case 'choice':
      return f.options?.some((o) => o.value === v) ? 'valid' : 'form.bad.choice';
    case 'yesno':
      return v === 'yes' || v === 'no' ? 'valid' : 'form.bad.choice';
    case 'text':
      if (CONTROL.test(v)) return 'form.bad.text';
      return [...v].length > (f.maxLength ?? 100) ? 'form.bad.tooLong' : 'valid';
  }
}

/**
 * The template's reply: every asked field valid, the required ones present, nothing else. The
 * issues carry the field id as path and an i18n key as message; text values come out trimmed.
 */
export function formReplySchema(t: FormTemplate) {
  return FormValues.superRefine((values, ctx) => {
    for (const key of Object.keys(values)) {
      const f = t.fields.find((x) => x.id === key);
      if (!f || !fieldApplies(f, values)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'form.bad.unknown' });
      }
    }
    for (const f of t.fields) {
      if (!fieldApplies(f, values)) continue;
      const state = fieldState(f, values[f.id] ?? '');
      if (state === 'empty' && f.required) {
        ctx.addIssue({ code: 'custom', path: [f.id], message: 'form.bad.required' });
      } else if (state === 'incomplete') {
        ctx.addIssue({ code: 'custom', path: [f.id], message: 'form.bad.phone' });
      } else if (state !== 'empty' && state !== 'valid') {
        ctx.addIssue({ code: 'custom', path: [f.id], message: state });
      }
    }
  }).transform((values) => {
    const out: Record<string, string> = {};
    for (const f of t.fields) {
      const v = values[f.id];
      if (v === undefined || v.trim() === '' || !fieldApplies(f, values)) continue;
      out[f.id] = f.type === 'text' ? v.trim() : f.type === 'number' ? String(Number(v)) : v;
    }
    return out;
  });
}

/** What the agent sees of one pushed form (GET /api/v1/video/cases/{id}/forms). */
export const CaseForm = z.object({
  id: FormId,
  templateId: FormTemplateId,
  /** pushed: waiting for the resident; replaced: the agent pushed something else before a reply. */
  status: z.enum(['pushed', 'answered', 'cancelled', 'replaced']),
  pushedAt: z.string(),
  answeredAt: z.string().nullable(),
  /** The validated reply (personal data: stored sealed, shown to the serving agent only). */
  values: z.record(z.string(), z.string()).nullable(),
});
export type CaseForm = z.infer<typeof CaseForm>;
/** GET /api/v1/video/cases/{id}/forms. */
export const CaseFormsResponse = z.object({ forms: z.array(CaseForm) });
