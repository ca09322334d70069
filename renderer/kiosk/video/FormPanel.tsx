import { useEffect, useState } from 'react';
import type { MessageKey } from '../../../contract/i18n';
import type { VideoCase } from '../../../contract/video';
import {
  fieldApplies,
  fieldState,
  formReplySchema,
  formTemplate,
  type FormField,
} from '../../../contract/video-forms';
import { Bi, useI18n } from '../../shared/i18n';
import { useDoorstep, useDoorstepEvent } from '../doorstep/useDoorstep';
import { PinyinPad } from './PinyinPad';
import '../identify/identify.css';

// A short form the agent pushed (contract/video-forms.ts), filled by touch: the fields as large rows,
// the tapped one with the input its type needs (digit keypad for phone numbers and counts, option
// buttons, 是/否, the pinyin keyboard for text), each judged as it is typed by the same rules central
// applies. The reply goes over the signaling relay; central's verdict comes back as the case's
// timeline (accepted) or an error naming this form (refused).

type Phase = 'fill' | 'sending' | 'refused' | 'link-down';
const DONE_MS = 2500;

export function FormPanel({
  vc,
  formId,
  templateId,
  onDone,
}: {
  vc: VideoCase;
  formId: string;
  templateId: string;
  onDone(): void;
}) {
  const api = useDoorstep();
  const { t } = useI18n();
  const template = formTemplate(templateId);
  const [values, setValues] = useState<Record<string, string>>({});
  const [active, setActive] = useState<string | null>(template?.fields[0]?.id ?? null);
  const [checked, setChecked] = useState(false);
  const [phase, setPhase] = useState<Phase>('fill');
  const [refused, setRefused] = useState<Record<string, string>>({});
  const accepted = vc.timeline.some((e) => e.kind === 'form.reply' && e.detail?.formId === formId);

  useEffect(() => {
    if (!accepted) return;
    const timer = setTimeout(onDone, DONE_MS);
    return () => clearTimeout(timer);
  }, [accepted, onDone]);

  useDoorstepEvent((e) => {
    if (e.type !== 'video' || e.message.type !== 'error' || e.message.ref !== formId) return;
    setPhase('refused');
    setRefused(Object.fromEntries((e.message.fields ?? []).map((f) => [f.path, f.message])));
  });

  if (!template) return null;
  const asked = template.fields.filter((f) => fieldApplies(f, values));
  const problemOf = (f: FormField): MessageKey | null => {
    if (refused[f.id]) return refused[f.id] as MessageKey;
    const s = fieldState(f, values[f.id] ?? '');
    if (s === 'empty') return checked && f.required ? 'form.bad.required' : null;
    if (s === 'incomplete') return checked ? 'form.bad.phone' : null;
    return s === 'valid' ? null : s;
  };
  const params = (f: FormField) => ({ min: f.min ?? 0, max: f.max ?? f.maxLength ?? '' });
  const set = (f: FormField, v: string) => {
    const next = { ...values, [f.id]: v };
    setValues(next);
    if (f.type === 'choice' || f.type === 'yesno') {
      // A tap answers the question: on to the next one still empty.
      const following = template.fields.filter((x) => fieldApplies(x, next));
      const after = following.slice(following.findIndex((x) => x.id === f.id) + 1);
      const empty = after.find((x) => !next[x.id]);
      if (empty) setActive(empty.id);
    }
    setRefused((old) => {
      const { [f.id]: _gone, ...rest } = old;
      return rest;
    });
    if (phase !== 'sending') setPhase('fill');
  };
  const shown = (f: FormField, v: string) => {
    if (f.type === 'yesno') return t(v === 'yes' ? 'form.yes' : 'form.no');
    if (f.type === 'choice') {
      const o = f.options?.find((x) => x.value === v);
      return o ? t(o.label) : v;
    }
    return v;
  };

  const submit = () => {
    setChecked(true);
    const own = Object.fromEntries(asked.map((f) => [f.id, values[f.id] ?? '']));
    const r = formReplySchema(template).safeParse(own);
    if (!r.success) {
      const first = asked.find((f) => r.error.issues.some((i) => i.path[0] === f.id));
      if (first) setActive(first.id);
      return;
    }
    setPhase('sending');
    void api
      .call('video.signal', { caseId: vc.id, body: { kind: 'form.reply', formId, values: r.data } })
      .then(
        () => undefined,
        () => setPhase('link-down'),
      );
  };
  const cancel = () => {
    void api
      .call('video.signal', { caseId: vc.id, body: { kind: 'form.cancel', formId } })
      .catch(() => undefined)
      .finally(onDone);
  };

  if (accepted) {
    return (
      <div className="video-panel form-panel" data-testid="pushed-form" data-state="sent" role="status">
        <Bi k={template.title} as="h2" />
        <Bi k="form.kiosk.sent" as="p" />
      </div>
    );
  }
  const current = asked.find((f) => f.id === active) ?? null;
  const invalid = checked && asked.some((f) => problemOf(f));
  return (
    <div
      className="video-panel form-panel"
      data-testid="pushed-form"
      data-template={templateId}
      data-state={phase}
    >
      <Bi k={template.title} as="h2" />
      <p className="form-hint">
        <Bi k="form.kiosk.hint" />
      </p>
      <div className="form-fields">
        {asked.map((f) => {
          const v = values[f.id] ?? '';
          const problem = problemOf(f);
          const state = fieldState(f, v);
          return (
            <button
              key={f.id}
              type="button"
              className={`form-field${f.id === active ? ' active' : ''}${problem ? ' invalid' : ''}`}
              data-testid={`field-${f.id}`}
              data-state={problem ? 'invalid' : state}
              aria-pressed={f.id === active}
              onClick={() => setActive(f.id)}
            >
              <span className="form-label">
                <Bi k={f.label} />
                {!f.required && <Bi k="form.kiosk.optional" />}
              </span>
              <span className="form-value" data-testid={`value-${f.id}`}>
                {v ? shown(f, v) : t('form.kiosk.empty')}
              </span>
              {problem && (
                <span className="form-problem" role="alert">
                  <Bi k={problem} params={params(f)} />
                </span>
              )}
              {!problem && state === 'incomplete' && (
                <span className="form-progress">
                  <Bi k="form.kiosk.digits" params={{ n: v.length }} />
                </span>
              )}
            </button>
          );
        })}
      </div>
      {current && phase !== 'sending' && (
        <FieldInput
          key={current.id}
          field={current}
          value={values[current.id] ?? ''}
          onChange={(v) => set(current, v)}
        />
      )}
      {invalid && phase === 'fill' && <Bi k="form.kiosk.fix" as="p" />}
      {phase === 'sending' && <Bi k="form.kiosk.sending" as="p" />}
      {phase === 'refused' && (
        <p role="alert" data-testid="form-refused">
          <Bi k="form.kiosk.refused" />
        </p>
      )}
      {phase === 'link-down' && (
        <p role="alert">
          <Bi k="form.kiosk.linkDown" />
        </p>
      )}
      <div className="video-actions">
        <button type="button" className="big" data-testid="form-cancel" onClick={cancel}>
          <Bi k="form.kiosk.cancel" />
        </button>
        <button
          type="button"
          className="primary big"
          data-testid="form-send"
          disabled={phase === 'sending'}
          onClick={submit}
        >
          <Bi k="form.kiosk.send" />
        </button>
      </div>
    </div>
  );
}

/** The input the field's type needs, sized for a finger. */
function FieldInput({
  field,
  value,
  onChange,
}: {
  field: FormField;
  value: string;
  onChange(v: string): void;
}) {
  const { t } = useI18n();
  if (field.type === 'phone' || field.type === 'number') {
    const most = field.type === 'phone' ? 12 : String(field.max ?? 9999).length;
    return (
      <div className="keypad form-keypad" role="group" aria-label={t(field.label)}>
        {['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].map((k) => (
          <button
            key={k}
            type="button"
            className="key"
            data-testid={`fkey-${k}`}
            disabled={value.length >= most}
            onClick={() => onChange(value + k)}
          >
            {k}
          </button>
        ))}
        <button
          type="button"
          className="key key-word"
          data-testid="fkey-del"
          onClick={() => onChange(value.slice(0, -1))}
        >
          <Bi k="form.key.delete" />
        </button>
        <button type="button" className="key key-word" onClick={() => onChange('')}>
          <Bi k="form.key.clear" />
        </button>
      </div>
    );
  }
  if (field.type === 'choice' || field.type === 'yesno') {
    const options =
      field.type === 'yesno'
        ? [
            { value: 'yes', label: 'form.yes' as const },
            { value: 'no', label: 'form.no' as const },
          ]
        : (field.options ?? []);
    return (
      <div className="form-options" role="radiogroup" aria-label={t(field.label)}>
        {options.map((o) => (
          <button
            key={o.value}
            type="button"
            role="radio"
            aria-checked={value === o.value}
            className="big"
            data-testid={`option-${o.value}`}
            onClick={() => onChange(o.value)}
          >
            <Bi k={o.label} />
          </button>
        ))}
      </div>
    );
  }
  return <PinyinPad value={value} maxLength={field.maxLength ?? 100} onChange={onChange} />;
}
