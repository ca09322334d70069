import ExcelJS from 'exceljs';
import type { ReportTable } from '../../../contract/api/reports';
import { t } from '../../../contract/i18n';

// Exports of a report table. Both carry the Chinese headers and, on the second row, the stable keys,
// so a person reads the first row and a program the second; figures follow as numbers. CSV is UTF-8
// with a byte-order mark: Excel otherwise opens it as the local code page and garbles the Chinese.

const BOM = '\uFEFF';

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Cells that a spreadsheet would run as a formula are quoted with a leading apostrophe (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(table: ReportTable): string {
  const lines = [
    table.columns.map((c) => csvCell(c.label.zh)).join(','),
    table.columns.map((c) => csvCell(c.key)).join(','),
    ...table.rows.map((r) => table.columns.map((c) => csvCell(r[c.key])).join(',')),
  ];
  return BOM + lines.join('\r\n') + '\r\n';
}

export async function toXlsx(table: ReportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(table.generatedAt);
  const name = t(`rep.name.${table.report}`, 'zh');
  const ws = wb.addWorksheet(name.slice(0, 31));
  ws.addRow(table.columns.map((c) => c.label.zh)).font = { bold: true };
  ws.addRow(table.columns.map((c) => c.key)).font = { italic: true, color: { argb: 'FF808080' } };
  for (const r of table.rows) ws.addRow(table.columns.map((c) => r[c.key] ?? null));
  table.columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = Math.max(10, Math.min(40, c.label.zh.length * 2 + 2));
    if (c.unit === 'share') column.numFmt = '0.00%';
  });
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  const info = wb.addWorksheet('说明');
  info.addRow(['报表', name]);
  info.addRow(['中心', table.centreId]);
  info.addRow(['起始日', table.from]);
  info.addRow(['截止日（含）', table.to]);
  info.addRow(['生成时间', table.generatedAt]);
  for (const n of table.notes) info.addRow(['说明', n.zh]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function fileName(table: ReportTable, ext: 'csv' | 'xlsx'): string {
  return `report-${table.report}-${table.centreId}-${table.from}-${table.to}.${ext}`;
}
