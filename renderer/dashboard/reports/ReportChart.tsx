import { useEffect, useMemo, useRef } from 'react';
import type { ReportTable } from '../../../contract/api/reports';
import type { Lang } from '../../../contract/i18n';

// The chart of a report table, drawn with ECharts — loaded here only, by a dynamic import, so the live
// dashboard never downloads it. The table beside it stays the accessible form of the same figures.

/** Which figures each report charts (bars per group), or the heatmap. */
const SERIES: Partial<Record<ReportTable['report'], string[]>> = {
  summary: ['issued', 'served', 'noShow', 'cancelled', 'transferred'],
  tickets: ['issued', 'served', 'noShow'],
  appointments: ['booked', 'checkedIn', 'missed'],
  video: ['outcomeDone', 'outcomeToWindow', 'outcomeAppointment', 'outcomeMoreMaterials', 'failedToConnect'],
  ratings: ['level5', 'level4', 'level3', 'level2', 'level1'],
  'follow-ups': ['closedOnTime', 'closedLate', 'openOverdue', 'openInTime'],
  'time-limits': ['matters', 'pastPromised', 'pastLegal'],
  kiosks: ['onlineMinutes', 'faultedMinutes', 'offlineMinutes'],
  review: ['demand', 'demandPrev'],
};

const LABEL_KEYS = ['item', 'station', 'agent', 'channel', 'day', 'weekday', 'caseNumber'];

type Option = import('./echarts').ChartOption;

function optionOf(table: ReportTable, lang: Lang): Option | null {
  const label = (key: string) => table.columns.find((c) => c.key === key)?.label[lang] ?? key;
  const labelKey = LABEL_KEYS.find((k) => table.columns.some((c) => c.key === k));
  const names = table.rows.map((r, i) =>
    String((labelKey ? r[labelKey] : null) ?? (table.report === 'summary' ? '' : i + 1)),
  );
  if (table.report === 'heatmap') {
    const hours = table.columns.filter((c) => /^h\d\d$/.test(c.key));
    const data = table.rows.flatMap((r, y) => hours.map((h, x) => [x, y, Number(r[h.key] ?? 0)]));
    const max = Math.max(1, ...data.map((d) => d[2]!));
    return {
      animation: false,
      tooltip: {},
      grid: { left: 60, right: 20, top: 10, bottom: 70 },
      xAxis: { type: 'category', data: hours.map((h) => h.key.slice(1)) },
      yAxis: { type: 'category', data: names, inverse: true },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0 },
      series: [{ type: 'heatmap', data, label: { show: true } }],
    };
  }
  const keys = (SERIES[table.report] ?? []).filter((k) => table.columns.some((c) => c.key === k));
  if (!keys.length || !table.rows.length) return null;
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 60, containLabel: true },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: keys.map((k) => ({
      name: label(k),
      type: 'bar',
      data: table.rows.map((r) => Number(r[k] ?? 0)),
    })),
  };
}

export function ReportChart({ table, lang, title }: { table: ReportTable; lang: Lang; title: string }) {
  const el = useRef<HTMLDivElement>(null);
  const option = useMemo(() => optionOf(table, lang), [table, lang]);
  useEffect(() => {
    if (!option || !el.current) return;
    let disposed = false;
    let chart: import('./echarts').Chart | undefined;
    const onResize = () => chart?.resize();
    void import('./echarts').then((echarts) => {
      if (disposed || !el.current) return;
      chart = echarts.init(el.current, undefined, { renderer: 'svg' });
      chart.setOption(option);
      el.current.dataset.ready = 'true';
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  if (!option) return null;
  return <div ref={el} className="report-chart" role="img" aria-label={title} data-report={table.report} />;
}
