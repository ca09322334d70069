import type { PublicTicketStatus } from '../../contract/api/tickets';
import type { Bilingual } from '../../contract/catalog';
import { t, type Lang, type MessageKey } from '../../contract/i18n';

// The phone page behind a ticket's QR code (/t/{id}), made for a phone held in one hand (390×844):
// the number large, then service, station, place and estimate, and once called the window to go to.
// Every line is whole in one language, Chinese first then English below it, never "label: 值".
// It updates itself: live.js fetches /t/{id}/live (this same rendering, the status part only) every
// few seconds, so there is one rendering and no copy of the texts in the script.

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
type Params = Record<string, string | number>;

/** One thing said twice: a Chinese line, then the English one (smaller). */
function pair(zh: string, en: string, cls = ''): string {
  return `<div class="pair ${cls}"><p lang="zh-CN">${esc(zh)}</p><p lang="en" class="en">${esc(en)}</p></div>`;
}
const say = (key: MessageKey, params?: Params, cls = '') =>
  pair(t(key, 'zh', params), t(key, 'en', params), cls);
/** A label and its value in one language per line ("预计等候 约 5–12 分钟" / "Estimated wait About 5–12 min"). */
function labelled(label: MessageKey, value: (lang: Lang) => string, cls = ''): string {
  return pair(`${t(label, 'zh')}：${value('zh')}`, `${t(label, 'en')}: ${value('en')}`, cls);
}
const named = (b: Bilingual) => (lang: Lang) => b[lang];

/** The part of the page that changes: served alone to live.js. */
export function statusFragment(s: PublicTicketStatus | null): string {
  if (!s) return `<section id="status" class="card">${say('status.notFound')}</section>`;
  const video = s.channel === 'video';
  const parts: string[] = [];
  parts.push(`<p class="label">${esc(t('status.number', 'zh'))} · ${esc(t('status.number', 'en'))}</p>`);
  parts.push(`<p class="number" data-testid="number">${esc(s.number)}</p>`);
  if (s.status === 'called') {
    const call = video
      ? say('status.calledVideo', undefined, 'call')
      : s.counter
        ? say('status.calledWindow', { counter: s.counter }, 'call')
        : say('status.calledNoWindow', undefined, 'call');
    parts.push(`<div data-testid="called">${call}</div>`);
  } else if (s.status === 'serving') parts.push(say('status.serving', undefined, 'state'));
  else if (s.status === 'waiting') {
    if (video) parts.push(say('status.videoStay', undefined, 'state'));
    else parts.push(say('status.waiting', undefined, 'state'));
    parts.push(`<div data-testid="ahead">${say('status.ahead', { n: s.waitingAhead ?? 0 }, 'ahead')}</div>`);
    const e = s.estimate;
    parts.push(
      labelled('status.estimate', (lang) =>
        e?.known
          ? t('common.waitRange', lang, {
              min: Math.floor(e.minMinutes),
              max: Math.max(Math.floor(e.minMinutes), Math.ceil(e.maxMinutes)),
            })
          : t('common.waitUnknown', lang),
      ),
    );
  } else parts.push(say('status.finished', undefined, 'state'));
  const facts: string[] = [];
  if (s.itemName) facts.push(labelled('status.service', named(s.itemName)));
  if (s.stationName) facts.push(labelled('status.station', named(s.stationName)));
  if (s.caseNumber) facts.push(labelled('status.caseNumber', () => s.caseNumber!));
  if (s.outcome) {
    const outcome = s.outcome;
    facts.push(
      `<div data-testid="outcome">${labelled('status.outcome', (lang) => t(`outcome.${outcome}`, lang))}</div>`,
    );
  }
  return `<section id="status" class="card status-${esc(s.status)}" data-status="${esc(s.status)}">${parts.join('')}</section>
<section class="facts">${facts.join('')}</section>`;
}

const CSS = `*{box-sizing:border-box}
body{margin:0;font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;background:#f3f5f7;color:#1b1f24;font-size:18px;line-height:1.4}
header{background:#a8071a;color:#fff;padding:14px 18px}
header h1{margin:0;font-size:22px}header .en{margin:0;font-size:15px;opacity:.95}
main{padding:14px;max-width:480px;margin:0 auto}
.card{background:#fff;border-radius:14px;padding:18px;text-align:center;box-shadow:0 1px 4px rgba(0,0,0,.12)}
.label{margin:0;color:#3d4650;font-size:16px}
.number{margin:4px 0 10px;font-size:72px;font-weight:700;letter-spacing:2px;color:#7a0514;line-height:1.1}
.pair{margin:10px 0}.pair p{margin:0}.pair .en{font-size:.85em;color:#3d4650}
.state p:first-child{font-weight:600}
.ahead p:first-child{font-size:28px;font-weight:700}
.call{background:#e9f6ec;border:3px solid #1a7f37;border-radius:12px;padding:12px;color:#0f4d21}
.call p:first-child{font-size:30px;font-weight:700}.call .en{color:#0f4d21;font-size:20px}
.facts{margin-top:14px;background:#fff;border-radius:14px;padding:8px 18px}
footer{text-align:center;color:#3d4650;font-size:14px;padding:16px}`;

/** The whole page. */
export function statusPage(id: string, s: PublicTicketStatus | null): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t('status.title', 'zh'))} · ${esc(t('status.title', 'en'))}</title>
<style>${CSS}</style>
</head><body data-live="/t/${encodeURIComponent(id)}/live">
<header><h1>${esc(t('status.title', 'zh'))}</h1><p class="en" lang="en">${esc(t('status.title', 'en'))}</p></header>
<main><div id="live">${statusFragment(s)}</div></main>
<footer>${esc(t('status.live', 'zh'))}<br><span lang="en">${esc(t('status.live', 'en'))}</span></footer>
<script src="/t/live.js"></script>
</body></html>`;
}

/** Fetches the status part every few seconds and swaps it in; keeps the last one when offline. */
export const LIVE_JS = `(function(){
  var url=document.body.getAttribute('data-live'),box=document.getElementById('live');
  if(!url||!box)return;
  function tick(){
    fetch(url,{cache:'no-store'}).then(function(r){return r.ok?r.text():null}).then(function(h){
      if(h!==null&&h!==box.innerHTML)box.innerHTML=h;
    }).catch(function(){}).then(function(){setTimeout(tick,${3000})});
  }
  setTimeout(tick,${3000});
})();`;
