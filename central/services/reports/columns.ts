import type { ReportColumn } from '../../../contract/api/reports';
import { messages, type MessageKey, t } from '../../../contract/i18n';

// Report columns: a stable key (the JSON field and the export's key row) with its bilingual header
// from contract/i18n/reports.ts (`rep.col.<key>`).

export function col(key: string, unit: ReportColumn['unit']): ReportColumn {
  const m = messages[`rep.col.${key}` as MessageKey];
  if (!m) throw new Error(`no header text rep.col.${key}`);
  return { key, label: { zh: m.zh, en: m.en }, unit };
}

/** Hour-of-day columns h00…h23 of the heatmap. */
export function hourCol(h: number): ReportColumn {
  const hh = String(h).padStart(2, '0');
  return {
    key: `h${hh}`,
    label: { zh: t('rep.col.hour', 'zh', { h: hh }), en: t('rep.col.hour', 'en', { h: hh }) },
    unit: 'count',
  };
}
