import QRCode from 'qrcode';
import type { EnrollmentSheet } from '../../../contract/api/admin-places';
import { adminEnrollmentSheet } from '../../../contract/i18n/admin';
import { DoorstepError } from '../../../contract/errors';
import type { Ctx, Principal } from '../context';
import { createEnrollmentCode } from '../stations';
import { requireAdmin } from './common';

// The technician's only document at the kiosk: station, one-time code, its QR, and the expiry, on one
// printable page (A4, scales down to A5). The code is shown once; the sheet is made with it.

export async function enrollmentSheet(
  ctx: Ctx,
  principal: Principal | null,
  stationId: string,
): Promise<EnrollmentSheet> {
  const a = await requireAdmin(ctx, principal);
  const st = await ctx.db.get<{ centre_id: string; name_zh: string; name_en: string; active: number }>(
    'SELECT centre_id, name_zh, name_en, active FROM stations WHERE id = ?',
    [stationId],
  );
  if (!st || !a.centres.has(st.centre_id)) throw new DoorstepError('NOT_FOUND', `no station ${stationId}`);
  if (st.active !== 1) throw new DoorstepError('CONFLICT', `the station ${stationId} is deactivated`);
  const centre = (await ctx.db.get<{ name_zh: string; name_en: string }>(
    'SELECT name_zh, name_en FROM centres WHERE id = ?',
    [st.centre_id],
  ))!;
  const made = await createEnrollmentCode(ctx, a.p, stationId);
  const qrSvg = await QRCode.toString(made.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    code: made.code,
    stationId,
    station: { zh: st.name_zh, en: st.name_en },
    centre: { zh: centre.name_zh, en: centre.name_en },
    expiresAt: made.expiresAt,
    qrSvg,
  };
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The sheet as a standalone printable HTML page (bilingual, zh first). */
export function sheetHtml(s: EnrollmentSheet): string {
  const t = adminEnrollmentSheet;
  const expires = new Date(s.expiresAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(t.title.zh)} · ${esc(s.station.zh)}</title>
<style>
@page { size: A4; margin: 18mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #111; }
h1 { font-size: 22pt; margin: 0 0 4mm; } h2 { font-size: 14pt; font-weight: normal; margin: 0 0 8mm; }
.code { font: bold 30pt monospace; letter-spacing: 2pt; border: 2px solid #111; padding: 4mm 6mm; display: inline-block; }
.qr svg { width: 70mm; height: 70mm; } dl { font-size: 13pt; } dt { font-weight: bold; margin-top: 3mm; }
ol { font-size: 12pt; line-height: 1.6; }
</style></head><body>
<h1>${esc(t.title.zh)}</h1><h2>${esc(t.title.en)}</h2>
<dl>
<dt>${esc(t.centre.zh)} / ${esc(t.centre.en)}</dt><dd>${esc(s.centre.zh)} · ${esc(s.centre.en)}</dd>
<dt>${esc(t.station.zh)} / ${esc(t.station.en)}</dt><dd>${esc(s.station.zh)} · ${esc(s.station.en)} (${esc(s.stationId)})</dd>
<dt>${esc(t.code.zh)} / ${esc(t.code.en)}</dt><dd><span class="code" data-testid="sheet-code">${esc(s.code)}</span></dd>
<dt>${esc(t.expires.zh)} / ${esc(t.expires.en)}</dt><dd>${esc(expires)} (${esc(s.expiresAt)})</dd>
</dl>
<div class="qr">${s.qrSvg}</div>
<ol><li>${esc(t.step1.zh)}<br>${esc(t.step1.en)}</li><li>${esc(t.step2.zh)}<br>${esc(t.step2.en)}</li><li>${esc(t.step3.zh)}<br>${esc(t.step3.en)}</li></ol>
</body></html>`;
}
