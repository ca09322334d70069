import ExcelJS from 'exceljs';
import type { ConfigApplyResult } from '../../../contract/api/admin-config';
import { Category, ServiceItem } from '../../../contract/catalog';
import { DoorstepError, type FieldError, fieldErrorsOf } from '../../../contract/errors';
import type { Ctx, Principal } from '../context';
import { applyConfig, exportConfig } from './config';
import { initialsOf } from './catalog';
import { materialsToText, parseMaterials } from '../../../contract/materials-text';

// The service catalogue as a spreadsheet (XLSX or CSV) with Chinese headers, for the people who keep
// the "6+X" list in Excel. One row per item; materials one per line in their cell as
// "中文 | English | 必需/可选 | 份数 | 原件". Importing checks every row first and names the bad one
// (行 5 · 号码前缀); nothing is applied unless all rows are good. Items missing from the sheet are
// deactivated, like a configuration document.

const COLUMNS = [
  ['编号', 'id'],
  ['事项编码', 'code'],
  ['事项名称', 'nameZh'],
  ['英文名称', 'nameEn'],
  ['事项说明', 'descZh'],
  ['英文说明', 'descEn'],
  ['分类', 'category'],
  ['办理渠道', 'channels'],
  ['技能组', 'skillGroup'],
  ['号码前缀', 'ticketPrefix'],
  ['法定时限（工作日）', 'legalLimitDays'],
  ['办理时限（工作日）', 'promisedLimitDays'],
  ['预计办理分钟', 'serviceMinutes'],
  ['需要身份证', 'idCardRequired'],
  ['所需材料', 'materials'],
  ['预约时段分钟', 'slotMinutes'],
  ['每时段人数', 'capacity'],
  ['可预约天数', 'horizonDays'],
  ['签到提前分钟', 'checkInBefore'],
  ['签到迟到分钟', 'checkInAfter'],
  ['启用', 'active'],
] as const;
type Key = (typeof COLUMNS)[number][1];
export type SheetRow = Partial<Record<Key, string>>;

const CHANNEL_ZH: Record<string, string> = { window: '窗口', video: '视频' };
const yes = (b: boolean) => (b ? '是' : '否');

function rowOf(i: ServiceItem): Record<Key, string> {
  return {
    id: i.id,
    code: i.code,
    nameZh: i.name.zh,
    nameEn: i.name.en,
    descZh: i.description?.zh ?? '',
    descEn: i.description?.en ?? '',
    category: i.category,
    channels: i.channels.map((c) => CHANNEL_ZH[c]).join('+'),
    skillGroup: i.skillGroup,
    ticketPrefix: i.ticketPrefix,
    legalLimitDays: String(i.legalLimitDays),
    promisedLimitDays: String(i.promisedLimitDays),
    serviceMinutes: i.serviceMinutes ? String(i.serviceMinutes) : '',
    idCardRequired: yes(i.idCardRequired),
    materials: materialsToText(i.materials),
    slotMinutes: i.appointment ? String(i.appointment.slotMinutes) : '',
    capacity: i.appointment ? String(i.appointment.capacity) : '',
    horizonDays: i.appointment ? String(i.appointment.horizonDays) : '',
    checkInBefore: i.appointment ? String(i.appointment.checkInBeforeMinutes) : '',
    checkInAfter: i.appointment ? String(i.appointment.checkInAfterMinutes) : '',
    active: yes(i.active),
  };
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

export function catalogCsv(items: ServiceItem[]): string {
  const lines = [COLUMNS.map(([h]) => h).join(',')];
  for (const i of items) {
    const r = rowOf(i);
    lines.push(COLUMNS.map(([, k]) => csvCell(r[k])).join(','));
  }
  // A byte-order mark so that Excel opens the Chinese headers as UTF-8.
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export async function catalogXlsx(items: ServiceItem[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('服务事项');
  ws.columns = COLUMNS.map(([header, key]) => ({ header, key, width: key === 'materials' ? 60 : 16 }));
  for (const i of items) ws.addRow(rowOf(i));
  ws.getRow(1).font = { bold: true };
  ws.getColumn('materials').alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Splits CSV text (RFC 4180: quotes, doubled quotes, line breaks inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

function keyed(table: string[][]): SheetRow[] {
  const [header, ...body] = table;
  if (!header) return [];
  const keyOf = new Map<string, Key>(COLUMNS.map(([h, k]) => [h, k]));
  const keys = header.map((h) => keyOf.get(h.trim()));
  const missing = COLUMNS.filter(
    ([h, k]) => !keys.includes(k) && k !== 'descZh' && k !== 'descEn' && h,
  ).filter(([, k]) =>
    ['code', 'nameZh', 'nameEn', 'category', 'channels', 'skillGroup', 'ticketPrefix'].includes(k),
  );
  if (missing.length) {
    throw new DoorstepError('VALIDATION_FAILED', `missing columns: ${missing.map(([h]) => h).join(', ')}`, [
      { path: 'header', message: `missing columns: ${missing.map(([h]) => h).join(', ')}` },
    ]);
  }
  return body.map((cells) => {
    const r: SheetRow = {};
    keys.forEach((k, i) => {
      if (k) r[k] = (cells[i] ?? '').trim();
    });
    return r;
  });
}

export const rowsOfCsv = (text: string): SheetRow[] => keyed(parseCsv(text));

export async function rowsOfXlsx(buf: Buffer): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new DoorstepError('VALIDATION_FAILED', 'not a readable XLSX file', [
      { path: '(body)', message: 'not a readable XLSX file' },
    ]);
  }
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const table: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= COLUMNS.length + 5; c++) {
      const v = row.getCell(c).value;
      cells.push(
        v === null || v === undefined
          ? ''
          : typeof v === 'object' && 'richText' in v
            ? v.richText.map((t) => t.text).join('')
            : String(v),
      );
    }
    table.push(cells);
  });
  return keyed(table);
}

const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s));

/** A sheet row as a service item (what ServiceItem checks), or field errors named by sheet row. */
function itemOfRow(r: SheetRow, line: number): { item?: ServiceItem; errors: FieldError[] } {
  const channels =
    r.channels
      ?.split(/[+＋、,，/ ]+/)
      .filter(Boolean)
      .map((c) =>
        c === '窗口' || c === 'window' ? 'window' : c === '视频' || c === 'video' ? 'video' : c,
      ) ?? [];
  const materials = parseMaterials(r.materials ?? '');
  const appt = num(r.slotMinutes);
  const code = r.code ?? '';
  const candidate = {
    id: r.id || `i-${code.toLowerCase()}`,
    code,
    name: { zh: r.nameZh ?? '', en: r.nameEn ?? '' },
    ...(r.descZh ? { description: { zh: r.descZh, en: r.descEn || r.descZh } } : {}),
    category: Category.options.find((c) => c === r.category) ?? r.category,
    channels,
    idCardRequired: r.idCardRequired !== '否',
    materials,
    legalLimitDays: num(r.legalLimitDays) ?? 0,
    promisedLimitDays: num(r.promisedLimitDays) ?? 0,
    skillGroup: r.skillGroup ?? '',
    ticketPrefix: r.ticketPrefix ?? '',
    active: r.active !== '否',
    initials: initialsOf(r.nameZh ?? ''),
    ...(num(r.serviceMinutes) ? { serviceMinutes: num(r.serviceMinutes) } : {}),
    ...(appt
      ? {
          appointment: {
            slotMinutes: appt,
            capacity: num(r.capacity) ?? 1,
            horizonDays: num(r.horizonDays) ?? 7,
            checkInBeforeMinutes: num(r.checkInBefore) ?? 30,
            checkInAfterMinutes: num(r.checkInAfter) ?? 15,
          },
        }
      : {}),
  };
  const parsed = ServiceItem.safeParse(candidate);
  if (parsed.success) return { item: parsed.data, errors: [] };
  return {
    errors: fieldErrorsOf(parsed.error.issues).map((f) => ({
      path: `rows.${line}.${f.path}`,
      message: `行 ${line} row ${line}: ${f.message}`,
    })),
  };
}

export async function importCatalogRows(
  ctx: Ctx,
  principal: Principal | null,
  rows: SheetRow[],
  dryRun: boolean,
): Promise<ConfigApplyResult> {
  const items: ServiceItem[] = [];
  const errors: FieldError[] = [];
  // Sheet line numbers: the header is line 1.
  rows.forEach((r, i) => {
    const { item, errors: e } = itemOfRow(r, i + 2);
    if (item) items.push(item);
    errors.push(...e);
  });
  if (errors.length) throw new DoorstepError('VALIDATION_FAILED', errors[0]!.message, errors);
  const doc = await exportConfig(ctx, principal);
  try {
    return await applyConfig(ctx, principal, { ...doc, items, calendar: undefined }, dryRun);
  } catch (err) {
    // Cross-row rules (a prefix of another group, a duplicate code) come back as items.N…: name the line.
    if (err instanceof DoorstepError && err.fields) {
      const fields = err.fields.map((f) => {
        const m = /^items\.(\d+)\.(.*)$/.exec(f.path);
        return m
          ? {
              path: `rows.${Number(m[1]) + 2}.${m[2]}`,
              message: `行 ${Number(m[1]) + 2} row ${Number(m[1]) + 2}: ${f.message}`,
            }
          : f;
      });
      throw new DoorstepError(err.code, fields[0]?.message ?? err.message, fields);
    }
    throw err;
  }
}
