import { useState, type FormEvent } from 'react';
import type { CalendarDay } from '../../contract/api/admin-calendar';
import type { AdminCentre } from '../../contract/api/admin-places';
import { useI18n } from '../shared/i18n';
import { type Result, call } from './api';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { Problem } from './Problem';
import { RecordTable } from './RecordTable';
import { useRecords } from './useRecords';

// The district calendar: public holidays and make-up working days (district admin), closures of a
// centre; one day added by hand, or a whole year imported as JSON ({days}) or ICS.

export function CalendarPage() {
  const { t } = useI18n();
  const [year, setYear] = useState(new Date().getFullYear());
  const { rows, reload, problem } = useRecords<CalendarDay>(`/api/v1/admin/calendar?year=${year}`, 'days');
  const centres = useRecords<AdminCentre>('/api/v1/admin/centres', 'centres').rows;
  const [f, setF] = useState({ day: '', kind: 'holiday', zh: '', en: '', centreId: '' });
  const [importText, setImportText] = useState('');
  /** The answer to the last removal or import (above the form). */
  const [result, setResult] = useState<Result<unknown> | null>(null);
  /** The answer to the last day added (under the form). */
  const [added, setAdded] = useState<Result<unknown> | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const r = await call('/api/v1/admin/calendar/days', 'POST', {
      day: f.day,
      kind: f.kind,
      name: { zh: f.zh, en: f.en || f.zh },
      centreId: f.kind === 'closed' ? f.centreId || centres[0]?.id : null,
    });
    setAdded(r.ok ? null : r);
    if (r.ok) reload();
  };
  const remove = async (d: CalendarDay) => {
    const q = d.centreId ? `?centreId=${encodeURIComponent(d.centreId)}` : '';
    setResult(await call(`/api/v1/admin/calendar/days/${d.day}${q}`, 'DELETE'));
    reload();
  };
  const importDays = async () => {
    const ics = importText.trimStart().startsWith('BEGIN:VCALENDAR');
    const res = await fetch('/api/v1/admin/calendar/import', {
      method: 'POST',
      headers: {
        'content-type': ics ? 'text/calendar' : 'application/json',
        'x-csrf-token':
          (await call<{ csrfToken: string }>('/api/v1/auth/me').then((r) =>
            r.ok ? r.data.csrfToken : '',
          )) ?? '',
      },
      body: importText,
      credentials: 'same-origin',
    });
    const body = (await res.json().catch(() => null)) as {
      error?: { code: string; message: string; fields?: [] };
    } | null;
    setResult(
      res.ok
        ? { ok: true, data: body }
        : {
            ok: false,
            code: (body?.error?.code ?? 'BAD_REQUEST') as 'BAD_REQUEST',
            status: res.status,
            message: body?.error?.message ?? '',
            fields: body?.error?.fields ?? [],
          },
    );
    reload();
  };
  return (
    <section>
      <h2>{t('admin.nav.calendar')}</h2>
      <Field label={t('admin.field.day')}>
        <input name="year" type="number" value={year} onChange={(e) => setYear(Number(e.target.value))} />
      </Field>
      <Problem result={problem ?? result} />
      <form className="editor inline" onSubmit={(e) => void add(e)} aria-label={t('admin.nav.calendar')}>
        <Field label={t('admin.field.day')}>
          <input name="day" type="date" value={f.day} onChange={(e) => setF({ ...f, day: e.target.value })} />
        </Field>
        <Field label={t('admin.field.kind')}>
          <select name="kind" value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })}>
            <option value="holiday">{t('admin.kind.holiday')}</option>
            <option value="workday">{t('admin.kind.workday')}</option>
            <option value="closed">{t('admin.kind.closed')}</option>
          </select>
        </Field>
        {f.kind === 'closed' && (
          <Field label={t('admin.field.centre')}>
            <select
              name="centreId"
              value={f.centreId}
              onChange={(e) => setF({ ...f, centreId: e.target.value })}
            >
              {centres.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name.zh}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('admin.field.nameZh')}>
          <input name="nameZh" value={f.zh} onChange={(e) => setF({ ...f, zh: e.target.value })} />
        </Field>
        <Field label={t('admin.field.nameEn')}>
          <input name="nameEn" value={f.en} onChange={(e) => setF({ ...f, en: e.target.value })} />
        </Field>
        <FormFooter submitLabel={t('admin.new')} problem={added} />
      </form>
      <RecordTable
        // A day is one row per centre it applies to (district-wide: no centre).
        rows={rows.map((d) => ({ ...d, id: `${d.centreId ?? ''}${d.day}` }))}
        showActive={false}
        columns={[
          { label: t('admin.field.day'), cell: (d) => d.day },
          { label: t('admin.field.kind'), cell: (d) => t(`admin.kind.${d.kind}`) },
          {
            label: t('admin.field.nameZh'),
            cell: (d) => (
              <>
                {d.name.zh} <small>{d.name.en}</small>
              </>
            ),
          },
          { label: t('admin.field.centre'), cell: (d) => d.centreId ?? '—' },
        ]}
        actions={(d) => (
          <button type="button" onClick={() => void remove(d)}>
            {t('admin.calendar.remove')}
          </button>
        )}
      />
      <Field label={t('admin.calendar.import')}>
        <textarea name="import" rows={6} value={importText} onChange={(e) => setImportText(e.target.value)} />
      </Field>
      <button type="button" onClick={() => void importDays()}>
        {t('admin.calendar.import')}
      </button>
    </section>
  );
}
