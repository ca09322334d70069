import type { ReportColumn, ReportTable } from '../../../contract/api/reports';
import type { Lang } from '../../../contract/i18n';

// A report table as an HTML table with a caption and column headers, the figures formatted by unit
// (shares as percentages; durations stay in seconds, as their headers say). The export carries the raw numbers.

function cell(v: string | number | null | undefined, unit: ReportColumn['unit'], lang: Lang): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  switch (unit) {
    case 'share':
      return `${(v * 100).toFixed(1)}%`;
    default:
      return v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');
  }
}

export function ReportTableView({
  table,
  lang,
  caption,
}: {
  table: ReportTable;
  lang: Lang;
  caption: string;
}) {
  const numeric = (c: ReportColumn) => c.unit !== 'text' && c.unit !== 'day';
  return (
    <div className="report-table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="report-table" data-report={table.report}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col" data-key={c.key} className={numeric(c) ? 'num' : undefined}>
                {c.label[lang]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {table.columns.map((c) => (
                <td key={c.key} data-key={c.key} className={numeric(c) ? 'num' : undefined}>
                  {cell(r[c.key], c.unit, lang)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
