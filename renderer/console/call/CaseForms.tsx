import { CaseFormsResponse } from '../../../contract/video-forms';
import { useEffect, useState } from 'react';
import type { VideoCase } from '../../../contract/video';
import {
  FORM_TEMPLATES,
  formTemplate,
  type CaseForm,
  type FormField,
  type FormTemplateId,
} from '../../../contract/video-forms';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import { Kbd, useShortcut } from '../shortcuts';
import './call.css';

// Short forms: the agent picks a template and pushes it to the kiosk; below, the forms of this case
// with what the resident answered (checked and sealed by central, fetched again whenever the case's
// timeline records a form event; each fetch of answers is audited) or that they cancelled.

/** A form id unique within the case (crypto.getRandomValues works on plain http too). */
function newFormId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `f${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function CaseForms(props: {
  vc: VideoCase;
  serving: boolean;
  onPush(formId: string, templateId: FormTemplateId): void;
  onError(e: unknown): void;
}) {
  const { t } = useI18n();
  const { vc, onError } = props;
  const [templateId, setTemplateId] = useState<FormTemplateId>(FORM_TEMPLATES[0].id);
  const [fetched, setFetched] = useState<{ key: string; forms: CaseForm[] } | null>(null);
  const events = vc.timeline.filter((e) => e.kind.startsWith('form')).length;
  const key = `${vc.id}:${events}`;
  const live = ['ringing', 'missed', 'active', 'reconnecting'].includes(vc.status);

  useEffect(() => {
    if (events === 0 || !live) return;
    let alive = true;
    void api(CaseFormsResponse, 'GET', `/api/v1/video/cases/${vc.id}/forms`).then(
      (r) => alive && setFetched({ key, forms: r.forms }),
      (e: unknown) => alive && onError(e),
    );
    return () => {
      alive = false;
    };
  }, [vc.id, events, key, live, onError]);

  const pushForm = () => props.onPush(newFormId(), templateId);
  useShortcut('o', 'console.act.pushForm', pushForm, props.serving);
  const forms = fetched?.key.startsWith(`${vc.id}:`) ? fetched.forms : [];
  const shown = (f: FormField, v: string) => {
    if (f.type === 'yesno') return t(v === 'yes' ? 'form.yes' : 'form.no');
    const o = f.options?.find((x) => x.value === v);
    return o ? t(o.label) : v;
  };

  return (
    <fieldset className="case-forms" data-testid="case-forms">
      <legend>{t('console.pushForm')}</legend>
      <label>
        {t('form.console.template')}
        <select
          data-testid="form-template"
          value={templateId}
          onChange={(e) => setTemplateId(e.target.value as FormTemplateId)}
        >
          {FORM_TEMPLATES.map((x) => (
            <option key={x.id} value={x.id}>
              {t(x.title)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="push-form" disabled={!props.serving} onClick={pushForm}>
        {t('console.pushForm')} <Kbd k="o" />
      </button>
      {forms.length > 0 && (
        <div className="form-records">
          <strong>{t('form.console.forms')}</strong>
          {forms.map((f) => {
            const tpl = formTemplate(f.templateId);
            return (
              <section
                key={f.id}
                className={`form-record ${f.status}`}
                data-testid="form-record"
                data-form-id={f.id}
                data-template={f.templateId}
                data-status={f.status}
                role={f.status === 'cancelled' ? 'status' : undefined}
              >
                <header>
                  {tpl ? t(tpl.title) : f.templateId} · {t(`form.console.${f.status}`)}
                </header>
                {f.values && tpl && (
                  <dl>
                    {tpl.fields
                      .filter((x) => f.values?.[x.id] !== undefined)
                      .map((x) => (
                        <div key={x.id} data-field={x.id}>
                          <dt>{t(x.label)}</dt>
                          <dd>{shown(x, f.values![x.id]!)}</dd>
                        </div>
                      ))}
                  </dl>
                )}
                {f.values && <small>{t('form.console.audit')}</small>}
              </section>
            );
          })}
        </div>
      )}
    </fieldset>
  );
}
