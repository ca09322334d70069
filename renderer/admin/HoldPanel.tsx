import { useState, type FormEvent } from 'react';
import type { HoldResult, LegalHold } from '../../contract/api/data';
import { useI18n } from '../shared/i18n';
import { type Result, call } from './api';
import { Field } from './Field';
import { Problem } from './Problem';

// A resident's legal hold on the record page (issue 18, docs/data.md): everyone who may see the
// record sees whether it is held, by whom, why and until when, and the holds before; a district
// admin sets one (reason, optional last day) or lifts it (reason), each through a second step that
// says what it changes. The ID number goes in the POST body, as for the lookup.

type Mode = 'idle' | 'set' | 'lift';

export function HoldPanel({
  idNumber,
  holds,
  canChange,
  onChanged,
}: {
  idNumber: string;
  holds: readonly LegalHold[];
  canChange: boolean;
  onChanged: (holds: LegalHold[]) => void;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>('idle');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [problem, setProblem] = useState<Result<unknown> | null>(null);
  const active = holds.find((h) => h.active) ?? null;
  const past = holds.filter((h) => !h.active);

  const open = (m: Mode) => {
    setMode(m);
    setReason('');
    setUntil('');
    setProblem(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r =
      mode === 'set'
        ? await call<HoldResult>('/api/v1/admin/residents/hold', 'POST', {
            idNumber,
            reason,
            ...(until ? { until } : {}),
          })
        : await call<HoldResult>('/api/v1/admin/residents/hold/lift', 'POST', { idNumber, reason });
    setProblem(r.ok ? null : r);
    if (!r.ok) return;
    setMode('idle');
    onChanged(r.data.holds);
  };

  return (
    <div data-testid="legal-hold">
      <h3>{t('residents.hold.title')}</h3>
      <p data-testid="hold-state" data-held={active ? 'yes' : 'no'}>
        {active
          ? t('residents.hold.active', {
              reason: active.reason,
              by: active.setBy,
              at: when(active.setAt),
              until: active.until
                ? t('residents.hold.untilDay', { at: when(active.until) })
                : t('residents.hold.untilLifted'),
            })
          : t('residents.hold.none')}
      </p>
      {past.length > 0 && (
        <ul data-testid="hold-history">
          {past.map((h) => (
            <li key={h.id}>
              {t('residents.hold.past', {
                reason: h.reason,
                at: when(h.setAt),
                end:
                  h.liftedAt !== null
                    ? t('residents.hold.liftedBy', {
                        by: h.liftedBy ?? '',
                        at: when(h.liftedAt),
                        reason: h.liftReason ?? '',
                      })
                    : t('residents.hold.expired'),
              })}
            </li>
          ))}
        </ul>
      )}
      {canChange && mode === 'idle' && (
        <div className="actions">
          <button type="button" onClick={() => open(active ? 'lift' : 'set')}>
            {t(active ? 'residents.hold.lift' : 'residents.hold.set')}
          </button>
        </div>
      )}
      {mode !== 'idle' && (
        <form
          className="editor"
          aria-label={t(mode === 'set' ? 'residents.hold.setTitle' : 'residents.hold.liftTitle')}
          onSubmit={(e) => void submit(e)}
        >
          <h4>{t(mode === 'set' ? 'residents.hold.setTitle' : 'residents.hold.liftTitle')}</h4>
          <p>{t(mode === 'set' ? 'residents.hold.setWarning' : 'residents.hold.liftWarning')}</p>
          <Field
            label={t(mode === 'set' ? 'residents.hold.field.reason' : 'residents.hold.field.liftReason')}
          >
            <input name="holdReason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          {mode === 'set' && (
            <Field label={t('residents.hold.field.until')}>
              <input name="holdUntil" type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
            </Field>
          )}
          <div className="actions">
            <button type="submit">
              {t(mode === 'set' ? 'residents.hold.submitSet' : 'residents.hold.submitLift')}
            </button>
            <button type="button" onClick={() => setMode('idle')}>
              {t('admin.cancel')}
            </button>
          </div>
          <Problem result={problem} />
        </form>
      )}
    </div>
  );
}

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });
