import type { CalendarDay } from '../../../contract/api/admin-calendar';
import { DoorstepError } from '../../../contract/errors';
import { nextDay } from '../../domain/working-days';

// A small ICS (RFC 5545) reader for holiday calendars: all-day VEVENTs (DTSTART;VALUE=DATE, DTEND
// exclusive), expanded to days. An event is a make-up working day when its CATEGORIES or
// X-DOORSTEP-KIND say workday, or its SUMMARY reads like one (班 / 上班 / working day); else a holiday.
// Everything else (times, recurrence, alarms) is refused or ignored: a holiday file has none.

const WORKDAY = /(^|[^休])班|working day|workday|make-up/i;

function unfold(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
}

function dateOf(v: string, line: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v.trim());
  if (!m) throw invalidLine(line, `expected an all-day date (YYYYMMDD), got "${v.trim()}"`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function invalidLine(line: number, message: string): DoorstepError {
  return new DoorstepError('VALIDATION_FAILED', `ICS line ${line}: ${message}`, [
    { path: `line.${line}`, message },
  ]);
}

const unescape = (s: string) => s.replace(/\\n/gi, ' ').replace(/\\([,;\\])/g, '$1');

export function parseIcs(text: string, centreId: string | null): CalendarDay[] {
  const lines = unfold(text);
  if (!lines.some((l) => l.trim() === 'BEGIN:VCALENDAR')) {
    throw new DoorstepError('VALIDATION_FAILED', 'not an iCalendar file (no BEGIN:VCALENDAR)', [
      { path: '(body)', message: 'not an iCalendar file' },
    ]);
  }
  const out: CalendarDay[] = [];
  let ev: { start?: string; end?: string; summary?: string; kind?: string; line: number } | null = null;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const l = raw.trim();
    if (l === 'BEGIN:VEVENT') ev = { line };
    else if (l === 'END:VEVENT' && ev) {
      const e: { start?: string; end?: string; summary?: string; kind?: string; line: number } = ev;
      ev = null;
      if (!e.start) throw invalidLine(e.line, 'an event without DTSTART');
      const last = e.end ? nextDay(e.end, -1) : e.start;
      if (last < e.start) throw invalidLine(e.line, 'DTEND is before DTSTART');
      const summary = e.summary ?? '';
      const kind = centreId
        ? 'closed'
        : /workday/i.test(e.kind ?? '') || WORKDAY.test(summary)
          ? 'workday'
          : 'holiday';
      const [zh, en] = summary.includes(' / ') ? summary.split(' / ', 2) : [summary, summary];
      let guard = 0;
      for (let d = e.start; d <= last && guard < 400; d = nextDay(d), guard++) {
        out.push({
          day: d,
          kind,
          name: { zh: zh || '假日', en: en || 'Holiday' },
          centreId,
        });
      }
    } else if (ev) {
      const colon = l.indexOf(':');
      if (colon < 0) return;
      const [name, ...params] = l.slice(0, colon).split(';');
      const value = l.slice(colon + 1);
      const e = ev as { start?: string; end?: string; summary?: string; kind?: string };
      if (name === 'DTSTART') {
        if (!params.includes('VALUE=DATE') && !/^\d{8}$/.test(value)) {
          throw invalidLine(line, 'only all-day events (DTSTART;VALUE=DATE) are read');
        }
        e.start = dateOf(value, line);
      } else if (name === 'DTEND') e.end = dateOf(value, line);
      else if (name === 'SUMMARY') e.summary = unescape(value);
      else if (name === 'CATEGORIES' || name === 'X-DOORSTEP-KIND') e.kind = value;
    }
  });
  return out;
}

/** The calendar as ICS (district days, or one centre's closures): the export matching parseIcs. */
export function toIcs(days: CalendarDay[]): string {
  const esc = (s: string) => s.replace(/([,;\\])/g, '\\$1');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Doorstep//District calendar//ZH'];
  for (const d of days) {
    const ymd = d.day.replaceAll('-', '');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${d.centreId ?? 'district'}-${ymd}@doorstep`,
      `DTSTART;VALUE=DATE:${ymd}`,
      `DTEND;VALUE=DATE:${nextDay(d.day).replaceAll('-', '')}`,
      `SUMMARY:${esc(`${d.name.zh} / ${d.name.en}`)}`,
      `X-DOORSTEP-KIND:${d.kind}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}
