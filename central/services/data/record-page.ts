import type { ResidentRecord } from '../../../contract/api/data';
import { both, type MessageKey } from '../../../contract/i18n';

// The printable form of a resident's record: one self-contained HTML page (no script, inline style),
// Chinese first with the English under each heading, for the browser's "print to PDF".

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function table(heads: MessageKey[], rows: string[][]): string {
  if (rows.length === 0) return `<p>${esc(both('data.record.none'))}</p>`;
  const th = heads.map((h) => `<th>${esc(both(h))}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

export function recordPage(rec: ResidentRecord, at: Date): string {
  const h = (k: MessageKey) => `<h2>${esc(both(k))}</h2>`;
  const body: string[] = [
    `<h1>${esc(both('data.record.title'))}</h1>`,
    `<p>${esc(both('data.record.generated', { at: at.toISOString() }))}</p>`,
  ];
  if (!rec.found || !rec.resident) body.push(`<p>${esc(both('data.record.notFound'))}</p>`);
  else {
    const r = rec.resident;
    body.push(
      h('data.record.resident'),
      table(
        ['data.record.idNumber', 'data.record.name', 'data.record.birthDate', 'data.record.firstSeen'],
        [[r.idNumberMasked, r.name ?? '', r.birthDate ?? '', r.firstSeenAt]],
      ),
      h('data.record.tickets'),
      table(
        [
          'data.col.number',
          'data.col.centre',
          'data.col.item',
          'data.col.status',
          'data.col.outcome',
          'data.col.time',
        ],
        rec.tickets.map((t) => [t.number, t.centreId, t.itemId, t.status, t.outcome ?? '', t.issuedAt]),
      ),
      h('data.record.appointments'),
      table(
        ['data.col.code', 'data.col.centre', 'data.col.item', 'data.col.status', 'data.col.time'],
        rec.appointments.map((a) => [a.code, a.centreId, a.itemId, a.status, a.startsAt]),
      ),
      h('data.record.videoCases'),
      table(
        [
          'data.col.number',
          'data.col.status',
          'data.col.outcome',
          'data.col.documents',
          'data.col.forms',
          'data.col.rating',
          'data.col.time',
        ],
        rec.videoCases.map((k) => [
          k.caseNumber,
          k.status,
          k.outcome ?? '',
          k.documents.map((d) => d.kind).join(', '),
          k.forms
            .map((f) => `${f.templateId}: ${f.answers ? JSON.stringify(f.answers) : f.status}`)
            .join('; '),
          k.rating ? `${k.rating.level}${k.rating.reason ? ` ${k.rating.reason}` : ''}` : '',
          k.createdAt,
        ]),
      ),
      h('data.record.holds'),
      table(
        ['data.col.reason', 'data.col.actor', 'data.col.time', 'data.col.until', 'data.col.lifted'],
        rec.holds.map((x) => [
          x.reason,
          x.setBy,
          x.setAt,
          x.until ?? '',
          x.liftedAt ? `${x.liftedAt} ${x.liftedBy ?? ''} ${x.liftReason ?? ''}` : '',
        ]),
      ),
      h('data.record.audit'),
      table(
        ['data.col.time', 'data.col.actor', 'data.col.action'],
        rec.audit.map((e) => [e.at, `${e.actorType} ${e.actorId}`, e.action]),
      ),
    );
  }
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(both('data.record.title'))}</title>
<style>body{font:14px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eee}
@media print{body{margin:0}}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}
