import { useState, type FormEvent } from 'react';
import type { AdminCentre, OpeningHours, Period, Weekday } from '../../contract/api/admin-places';
import { WEEKDAYS } from '../../contract/api/admin-places';
import { useI18n } from '../shared/i18n';
import { type Result, call } from './api';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { Problem } from './Problem';
import { RecordTable, useEditing } from './RecordTable';
import { useRecords } from './useRecords';

// Centres: bilingual name and address, weekly opening hours (several periods a day, one line per
// day as "09:00-12:00, 13:30-17:00"), the public base URL of its QR links, active flag.

const hoursText = (p: Period[] | undefined) => (p ?? []).map((x) => `${x.from}-${x.to}`).join(', ');
function hoursOf(text: Record<Weekday, string>): OpeningHours {
  const out: OpeningHours = {};
  for (const d of WEEKDAYS) {
    const periods = text[d]
      .split(/[,，;]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const [from = '', to = ''] = s.split('-').map((x) => x.trim());
        return { from, to };
      });
    if (periods.length) out[d] = periods;
  }
  return out;
}

export function CentresPage() {
  const { t } = useI18n();
  const { rows, reload, problem } = useRecords<AdminCentre>('/api/v1/admin/centres', 'centres');
  const ed = useEditing<AdminCentre>(reload);
  return (
    <section>
      <h2>{t('admin.nav.centres')}</h2>
      <button type="button" onClick={() => ed.edit('new')}>
        {t('admin.new')}
      </button>
      <Problem result={problem} />
      {ed.editing && <CentreForm centre={ed.record} onDone={ed.done} onCancel={ed.cancel} />}
      <RecordTable
        rows={rows}
        onEdit={ed.edit}
        columns={[
          { label: t('admin.field.id'), cell: (c) => c.id },
          {
            label: t('admin.field.nameZh'),
            cell: (c) => (
              <>
                {c.name.zh}
                <br />
                <small>{c.name.en}</small>
              </>
            ),
          },
          {
            label: t('admin.field.hours'),
            cell: (c) =>
              WEEKDAYS.filter((d) => c.openingHours[d]?.length)
                .map((d) => `${d} ${hoursText(c.openingHours[d])}`)
                .join('; '),
          },
        ]}
      />
    </section>
  );
}

function CentreForm({
  centre,
  onDone,
  onCancel,
}: {
  centre: AdminCentre | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [c, setC] = useState<AdminCentre | null>(centre);
  const [id, setId] = useState('');
  const [f, setF] = useState({
    nameZh: centre?.name.zh ?? '',
    nameEn: centre?.name.en ?? '',
    addressZh: centre?.address.zh ?? '',
    addressEn: centre?.address.en ?? '',
    url: centre?.publicBaseUrl ?? '',
    active: centre?.active ?? true,
  });
  const [hours, setHours] = useState<Record<Weekday, string>>(
    Object.fromEntries(WEEKDAYS.map((d) => [d, hoursText(centre?.openingHours[d])])) as Record<
      Weekday,
      string
    >,
  );
  const [problem, setProblem] = useState<Result<unknown> | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name: { zh: f.nameZh, en: f.nameEn },
      address: { zh: f.addressZh, en: f.addressEn },
      openingHours: hoursOf(hours),
      publicBaseUrl: f.url.trim() || null,
      active: f.active,
    };
    const r = c
      ? await call<AdminCentre>(`/api/v1/admin/centres/${c.id}`, 'PUT', { ...body, version: c.version })
      : await call<AdminCentre>('/api/v1/admin/centres', 'POST', { ...body, ...(id ? { id } : {}) });
    setProblem(r.ok ? null : r);
    if (r.ok) return onDone();
    if (r.code === 'VERSION_CONFLICT' && c) {
      // Someone else saved: load their version so the next save is made on it.
      const fresh = await call<AdminCentre>(`/api/v1/admin/centres/${c.id}`);
      if (fresh.ok) setC(fresh.data);
    }
  };
  const text = (k: keyof typeof f, label: string) => (
    <Field label={label}>
      <input name={k} value={String(f[k])} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
    </Field>
  );
  return (
    <form className="editor" onSubmit={(e) => void submit(e)} aria-label={t('admin.nav.centres')}>
      {!c && (
        <Field label={t('admin.field.id')}>
          <input name="id" value={id} onChange={(e) => setId(e.target.value)} />
        </Field>
      )}
      {text('nameZh', t('admin.field.nameZh'))}
      {text('nameEn', t('admin.field.nameEn'))}
      {text('addressZh', t('admin.field.addressZh'))}
      {text('addressEn', t('admin.field.addressEn'))}
      {text('url', t('admin.field.publicBaseUrl'))}
      <fieldset>
        <legend>{t('admin.field.hours')}</legend>
        <small>{t('admin.field.hoursHelp')}</small>
        {WEEKDAYS.map((d) => (
          <Field key={d} label={d}>
            <input
              name={`hours-${d}`}
              value={hours[d]}
              onChange={(e) => setHours({ ...hours, [d]: e.target.value })}
            />
          </Field>
        ))}
      </fieldset>
      <FormFooter
        active={f.active}
        onActive={(active) => setF({ ...f, active })}
        onCancel={onCancel}
        problem={problem}
      />
    </form>
  );
}
