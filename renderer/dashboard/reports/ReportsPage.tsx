import { useEffect, useMemo, useState } from 'react';
import { CatalogResponse } from '../../../contract/api/catalog';
import { type ReportGroup, type ReportName, ReportTable } from '../../../contract/api/reports';
import { PlacesResponse } from '../../../contract/api/stations';
import type { ErrorCode } from '../../../contract/errors';
import type { MessageKey } from '../../../contract/i18n';
import { Bi, useI18n } from '../../shared/i18n';
import { api } from '../api';
import { LoadFailed } from '../text';
import { ReportChart } from './ReportChart';
import { type Preset, presetRange } from './range';
import { ReportTableView } from './ReportTableView';
import './reports.css';

// The reports section of the dashboard (docs/reports.md): a range (today, this week, this month, or
// custom days), a report, filters; the table, its chart, and CSV/XLSX downloads of the same table.
// Loaded as its own chunk only when a supervisor opens it.

const REPORTS: ReportName[] = [
  'summary',
  'tickets',
  'heatmap',
  'appointments',
  'video',
  'ratings',
  'poor-ratings',
  'follow-ups',
  'time-limits',
  'kiosks',
  'review',
];
const GROUPED: ReadonlySet<ReportName> = new Set(['tickets', 'video', 'ratings']);
const GROUPS: ReportGroup[] = ['day', 'item', 'station', 'channel', 'agent'];
const PRESETS: Preset[] = ['today', 'week', 'month', 'custom'];

/** The preset's days as of now (called from the radio's change handler). */
const rangeNow = (p: Exclude<Preset, 'custom'>) => presetRange(p, Date.now());

interface Filters {
  report: ReportName;
  preset: Preset;
  from: string;
  to: string;
  itemId: string;
  stationId: string;
  channel: '' | 'video' | 'window';
  by: ReportGroup;
  waitTargetMin: number;
}

function initialFilters(): Filters {
  const q = new URLSearchParams(window.location.search);
  const preset = (PRESETS as string[]).includes(q.get('range') ?? '') ? (q.get('range') as Preset) : 'month';
  const r = presetRange(preset === 'custom' ? 'month' : preset, Date.now());
  const report = q.get('report');
  return {
    report: report && (REPORTS as string[]).includes(report) ? (report as ReportName) : 'tickets',
    preset,
    from: q.get('from') ?? r.from,
    to: q.get('to') ?? r.to,
    itemId: q.get('itemId') ?? '',
    stationId: '',
    channel: '',
    by: 'item',
    waitTargetMin: 15,
  };
}

function queryOf(centreId: string, f: Filters, lang: string): string {
  const q = new URLSearchParams({ centreId, from: f.from, to: f.to, lang });
  if (f.itemId) q.set('itemId', f.itemId);
  if (f.stationId) q.set('stationId', f.stationId);
  if (f.channel) q.set('channel', f.channel);
  if (GROUPED.has(f.report)) q.set('by', f.by);
  if (f.report === 'summary' || f.report === 'tickets') q.set('waitTargetMin', String(f.waitTargetMin));
  return q.toString();
}

function Label({ k, children }: { k: MessageKey; children: React.ReactNode }) {
  return (
    <label className="report-field">
      <Bi k={k} />
      {children}
    </label>
  );
}

export default function ReportsPage({ centreId }: { centreId: string }) {
  const { lang, t } = useI18n();
  const [f, setF] = useState<Filters>(initialFilters);
  const set = (patch: Partial<Filters>) => setF((old) => ({ ...old, ...patch }));
  const { items, stations } = usePlaces(centreId);
  const query = useMemo(() => queryOf(centreId, f, lang), [centreId, f, lang]);
  const { table, error, loading } = useReport(f, query);
  const title = `${t(`rep.name.${f.report}` as MessageKey)} ${f.from} – ${f.to}`;
  const href = (format: 'csv' | 'xlsx') => `/api/v1/reports/${f.report}?${query}&format=${format}`;

  return (
    <section className="reports" aria-labelledby="reports-title">
      <h2 id="reports-title" className="reports-title">
        <Bi k="rep.ui.title" />
      </h2>
      <form className="report-filters no-print" onSubmit={(e) => e.preventDefault()}>
        <RangeFields f={f} set={set} />
        <FilterFields f={f} set={set} items={items} stations={stations} />
        <div className="report-actions">
          <a className="button" href={href('csv')} download>
            <Bi k="rep.ui.downloadCsv" />
          </a>
          <a className="button" href={href('xlsx')} download>
            <Bi k="rep.ui.downloadXlsx" />
          </a>
          <button type="button" onClick={() => window.print()}>
            <Bi k="rep.ui.print" />
          </button>
        </div>
      </form>
      <p className="report-print-title print-only">{title}</p>
      <div aria-live="polite" className="report-status">
        {loading && <Bi k="rep.ui.loading" />}
        {error && (
          <p className="error" role="alert">
            <LoadFailed code={error} />
          </p>
        )}
      </div>
      {table && <ReportResult table={table} title={title} />}
    </section>
  );
}

/** The centre's service items and stations, for the filters. */
function usePlaces(centreId: string) {
  const [items, setItems] = useState<CatalogResponse['items']>([]);
  const [stations, setStations] = useState<PlacesResponse['stations']>([]);
  useEffect(() => {
    void api(CatalogResponse, '/api/v1/catalog').then((r) => r.ok && setItems(r.data.items));
    void api(PlacesResponse, '/api/v1/places').then(
      (r) => r.ok && setStations(r.data.stations.filter((s) => s.centreId === centreId)),
    );
  }, [centreId]);
  return { items, stations };
}

/** The report for the filters: loading while the current request has no answer yet. */
function useReport(f: Filters, query: string) {
  // The answer and the request it answers.
  const [answer, setAnswer] = useState<{ key: string; table: ReportTable | null; error: ErrorCode | null }>({
    key: '',
    table: null,
    error: null,
  });
  const valid = f.from <= f.to && /^\d{4}-\d{2}-\d{2}$/.test(f.from) && /^\d{4}-\d{2}-\d{2}$/.test(f.to);
  useEffect(() => {
    if (!valid) return;
    const ctl = new AbortController();
    const key = `${f.report}?${query}`;
    void api(ReportTable, `/api/v1/reports/${key}`, { signal: ctl.signal }).then((r) => {
      if (ctl.signal.aborted) return;
      setAnswer(r.ok ? { key, table: r.data, error: null } : { key, table: null, error: r.code });
    });
    return () => ctl.abort();
  }, [f.report, query, valid]);
  return {
    table: answer.table,
    error: answer.error,
    loading: valid && answer.key !== `${f.report}?${query}`,
  };
}

type SetFilters = (patch: Partial<Filters>) => void;

/** The range: a preset (today, this week, this month) or custom days. */
function RangeFields({ f, set }: { f: Filters; set: SetFilters }) {
  const pickPreset = (preset: Preset) =>
    set(preset === 'custom' ? { preset } : { preset, ...rangeNow(preset) });
  return (
    <fieldset className="report-range">
      <legend>
        <Bi k="rep.ui.range" />
      </legend>
      {PRESETS.map((p) => (
        <label key={p} className="report-preset">
          <input
            type="radio"
            name="range"
            value={p}
            checked={f.preset === p}
            onChange={() => pickPreset(p)}
          />
          <Bi k={`rep.ui.${p}` as MessageKey} />
        </label>
      ))}
      <Label k="rep.ui.from">
        <input
          type="date"
          name="from"
          value={f.from}
          onChange={(e) => set({ preset: 'custom', from: e.target.value })}
        />
      </Label>
      <Label k="rep.ui.to">
        <input
          type="date"
          name="to"
          value={f.to}
          onChange={(e) => set({ preset: 'custom', to: e.target.value })}
        />
      </Label>
    </fieldset>
  );
}

/** Which report, and what it counts: item, station, channel, grouping, wait target. */
function FilterFields({
  f,
  set,
  items,
  stations,
}: {
  f: Filters;
  set: SetFilters;
  items: CatalogResponse['items'];
  stations: PlacesResponse['stations'];
}) {
  const { lang, t } = useI18n();
  return (
    <>
      <Label k="rep.ui.report">
        <select
          name="report"
          value={f.report}
          onChange={(e) => set({ report: e.target.value as ReportName })}
        >
          {REPORTS.map((r) => (
            <option key={r} value={r}>
              {t(`rep.name.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </Label>
      <Label k="rep.ui.item">
        <select name="itemId" value={f.itemId} onChange={(e) => set({ itemId: e.target.value })}>
          <option value="">{t('rep.ui.all')}</option>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name[lang]}
            </option>
          ))}
        </select>
      </Label>
      <Label k="rep.ui.station">
        <select name="stationId" value={f.stationId} onChange={(e) => set({ stationId: e.target.value })}>
          <option value="">{t('rep.ui.all')}</option>
          {stations.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name[lang]}
            </option>
          ))}
        </select>
      </Label>
      <Label k="rep.ui.channel">
        <select
          name="channel"
          value={f.channel}
          onChange={(e) => set({ channel: e.target.value as Filters['channel'] })}
        >
          <option value="">{t('rep.ui.all')}</option>
          <option value="window">{t('rep.ui.channel.window')}</option>
          <option value="video">{t('rep.ui.channel.video')}</option>
        </select>
      </Label>
      {GROUPED.has(f.report) && (
        <Label k="rep.ui.by">
          <select name="by" value={f.by} onChange={(e) => set({ by: e.target.value as ReportGroup })}>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`rep.ui.group.${g}` as MessageKey)}
              </option>
            ))}
          </select>
        </Label>
      )}
      {(f.report === 'summary' || f.report === 'tickets') && (
        <Label k="rep.ui.waitTarget">
          <input
            type="number"
            name="waitTargetMin"
            min={1}
            max={600}
            value={f.waitTargetMin}
            onChange={(e) => set({ waitTargetMin: Math.max(1, Math.min(600, Number(e.target.value) || 15)) })}
          />
        </Label>
      )}
    </>
  );
}

/** The table, its chart (or "nothing in this range") and the report's notes. */
function ReportResult({ table, title }: { table: ReportTable; title: string }) {
  const { lang } = useI18n();
  return (
    <>
      {table.rows.length === 0 ? (
        <p className="report-empty">
          <Bi k="rep.ui.empty" />
        </p>
      ) : (
        <ReportChart table={table} lang={lang} title={title} />
      )}
      <ReportTableView table={table} lang={lang} caption={title} />
      {table.notes.length > 0 && (
        <ul className="report-notes">
          {table.notes.map((n) => (
            <li key={n.en}>{n[lang]}</li>
          ))}
        </ul>
      )}
    </>
  );
}
