import type { CalendarDay } from '../../contract/api/admin-calendar';

// China's 2026 public holidays and make-up working days (调休上班), from the State Council General
// Office notice on the 2026 holiday arrangements (国务院办公厅关于2026年部分节假日安排的通知,
// 国办发明电〔2025〕7号, November 2025). Entered as data once; later years are added by an admin
// (screen, JSON or ICS import). See docs/admin.md for how these dates were checked.

type Span = [zh: string, en: string, from: string, to: string, workdays: string[]];

const HOLIDAYS_2026: Span[] = [
  ['元旦', "New Year's Day", '2026-01-01', '2026-01-03', ['2026-01-04']],
  ['春节', 'Spring Festival', '2026-02-15', '2026-02-23', ['2026-02-14', '2026-02-28']],
  ['清明节', 'Qingming Festival', '2026-04-04', '2026-04-06', []],
  ['劳动节', 'Labour Day', '2026-05-01', '2026-05-05', ['2026-05-09']],
  ['端午节', 'Dragon Boat Festival', '2026-06-19', '2026-06-21', []],
  ['中秋节', 'Mid-Autumn Festival', '2026-09-25', '2026-09-27', []],
  ['国庆节', 'National Day', '2026-10-01', '2026-10-07', ['2026-09-20', '2026-10-10']],
];

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

export const CALENDAR_2026: CalendarDay[] = HOLIDAYS_2026.flatMap(([zh, en, from, to, workdays]) => [
  ...daysBetween(from, to).map((day) => ({
    day,
    kind: 'holiday' as const,
    name: { zh, en },
    centreId: null,
  })),
  ...workdays.map((day) => ({
    day,
    kind: 'workday' as const,
    name: { zh: `${zh}调休上班`, en: `${en} make-up working day` },
    centreId: null,
  })),
]);
