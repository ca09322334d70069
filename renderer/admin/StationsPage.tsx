import { useMemo, useState, type FormEvent } from 'react';
import type { AdminCentre, AdminStation, EnrollmentSheet } from '../../contract/api/admin-places';
import { useI18n } from '../shared/i18n';
import { type Result, call } from './api';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { Problem } from './Problem';
import { RecordTable, useEditing } from './RecordTable';
import { useRecords } from './useRecords';

// Stations: a filterable list (1,308 rows in Pudong: filtering is done in memory), a form, and the
// kiosk enrollment sheet (code, QR, expiry) printed from the browser on A4/A5.

export function StationsPage() {
  const { t } = useI18n();
  const { rows, reload, problem } = useRecords<AdminStation>('/api/v1/admin/stations', 'stations');
  const centres = useRecords<AdminCentre>('/api/v1/admin/centres', 'centres').rows;
  const [filter, setFilter] = useState('');
  const ed = useEditing<AdminStation>(reload);
  const [sheet, setSheet] = useState<EnrollmentSheet | null>(null);
  const [sheetProblem, setSheetProblem] = useState<Result<unknown> | null>(null);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q
      ? rows.filter(
          (s) =>
            s.id.includes(q) ||
            s.name.zh.includes(q) ||
            s.name.en.toLowerCase().includes(q) ||
            s.centreId.includes(q),
        )
      : rows;
  }, [rows, filter]);
  const print = async (id: string) => {
    const r = await call<EnrollmentSheet>(`/api/v1/admin/stations/${id}/enrollment-sheet`, 'POST');
    setSheetProblem(r.ok ? null : r);
    if (r.ok) setSheet(r.data);
  };
  if (sheet) return <Sheet sheet={sheet} onClose={() => setSheet(null)} />;
  return (
    <section>
      <h2>{t('admin.nav.stations')}</h2>
      <div className="toolbar">
        <button type="button" onClick={() => ed.edit('new')}>
          {t('admin.new')}
        </button>
        <Field label={t('admin.filter')}>
          <input name="filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </Field>
        <span>{t('admin.rows', { n: shown.length })}</span>
      </div>
      <Problem result={problem ?? sheetProblem} />
      {ed.editing && (
        <StationForm station={ed.record} centres={centres} onDone={ed.done} onCancel={ed.cancel} />
      )}
      <RecordTable
        rows={shown.slice(0, 500)}
        onEdit={ed.edit}
        columns={[
          { label: t('admin.field.id'), cell: (s) => s.id },
          { label: t('admin.field.centre'), cell: (s) => s.centreId },
          {
            label: t('admin.field.nameZh'),
            cell: (s) => (
              <>
                {s.name.zh} <small>{s.name.en}</small>
              </>
            ),
          },
        ]}
        actions={(s) => (
          <button type="button" onClick={() => void print(s.id)}>
            {t('admin.kiosk.enroll')}
          </button>
        )}
      />
    </section>
  );
}

function StationForm({
  station,
  centres,
  onDone,
  onCancel,
}: {
  station: AdminStation | null;
  centres: AdminCentre[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [f, setF] = useState({
    id: '',
    centreId: station?.centreId ?? centres[0]?.id ?? '',
    nameZh: station?.name.zh ?? '',
    nameEn: station?.name.en ?? '',
    addressZh: station?.address.zh ?? '',
    addressEn: station?.address.en ?? '',
    items: station?.itemIds?.join(', ') ?? '',
    open24h: station?.open24h ?? false,
    active: station?.active ?? true,
  });
  const [version, setVersion] = useState(station?.version ?? 1);
  const [problem, setProblem] = useState<Result<unknown> | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const items = f.items.split(/[,，\s]+/).filter(Boolean);
    const body = {
      centreId: f.centreId,
      name: { zh: f.nameZh, en: f.nameEn },
      address: { zh: f.addressZh, en: f.addressEn },
      open24h: f.open24h,
      itemIds: items.length ? items : null,
      active: f.active,
    };
    const r = station
      ? await call(`/api/v1/admin/stations/${station.id}`, 'PUT', { ...body, version })
      : await call('/api/v1/admin/stations', 'POST', { ...body, ...(f.id ? { id: f.id } : {}) });
    setProblem(r.ok ? null : r);
    if (r.ok) return onDone();
    if (r.code === 'VERSION_CONFLICT' && station) {
      const fresh = await call<AdminStation>(`/api/v1/admin/stations/${station.id}`);
      if (fresh.ok) setVersion(fresh.data.version);
    }
  };
  const text = (k: 'id' | 'nameZh' | 'nameEn' | 'addressZh' | 'addressEn' | 'items', label: string) => (
    <Field label={label}>
      <input name={k} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
    </Field>
  );
  return (
    <form className="editor" onSubmit={(e) => void submit(e)} aria-label={t('admin.nav.stations')}>
      {!station && text('id', t('admin.field.id'))}
      <Field label={t('admin.field.centre')}>
        <select name="centreId" value={f.centreId} onChange={(e) => setF({ ...f, centreId: e.target.value })}>
          {centres.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name.zh} ({c.id})
            </option>
          ))}
        </select>
      </Field>
      {text('nameZh', t('admin.field.nameZh'))}
      {text('nameEn', t('admin.field.nameEn'))}
      {text('addressZh', t('admin.field.addressZh'))}
      {text('addressEn', t('admin.field.addressEn'))}
      {text('items', t('admin.field.items'))}
      <label className="check">
        <input
          type="checkbox"
          checked={f.open24h}
          onChange={(e) => setF({ ...f, open24h: e.target.checked })}
        />
        {t('admin.field.open24h')}
      </label>
      <FormFooter
        active={f.active}
        onActive={(active) => setF({ ...f, active })}
        onCancel={onCancel}
        problem={problem}
      />
    </form>
  );
}

/** The printable sheet: only this is on the page while it is open; the browser prints it on A4/A5. */
function Sheet({ sheet, onClose }: { sheet: EnrollmentSheet; onClose: () => void }) {
  const { t, other } = useI18n();
  const both = (k: Parameters<typeof t>[0]) => `${t(k)} / ${other(k)}`;
  return (
    <article className="sheet" data-testid="enrollment-sheet">
      <h2>{both('admin.sheet.title')}</h2>
      <dl>
        <dt>{both('admin.sheet.centre')}</dt>
        <dd>
          {sheet.centre.zh} · {sheet.centre.en}
        </dd>
        <dt>{both('admin.sheet.station')}</dt>
        <dd>
          {sheet.station.zh} · {sheet.station.en} ({sheet.stationId})
        </dd>
        <dt>{both('admin.sheet.code')}</dt>
        <dd className="code" data-testid="sheet-code">
          {sheet.code}
        </dd>
        <dt>{both('admin.sheet.expires')}</dt>
        <dd>
          {new Date(sheet.expiresAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}
        </dd>
      </dl>
      {/* The SVG comes from central's QR encoder, not from user input. */}
      <div className="qr" dangerouslySetInnerHTML={{ __html: sheet.qrSvg }} />
      <ol>
        <li>{both('admin.sheet.step1')}</li>
        <li>{both('admin.sheet.step2')}</li>
        <li>{both('admin.sheet.step3')}</li>
      </ol>
      <div className="actions no-print">
        <button type="button" onClick={() => window.print()}>
          {t('admin.kiosk.enroll')}
        </button>
        <button type="button" onClick={onClose}>
          {t('admin.cancel')}
        </button>
      </div>
    </article>
  );
}
