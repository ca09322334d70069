import { messages, type MessageKey } from '../../../contract/i18n';

// The "not provisioned" page a fresh kiosk shows (zh first, en below), served by first-boot.ts. A
// keyboard-wedge scanner types into the focused field; a serial scanner's scans reach the host
// directly. The page polls the state and, once enrolled, waits for the kiosk page's address.

/** The page's background: also what the image test looks for in a qemu screenshot. */
export const PAGE_BACKGROUND = '#12467f';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const KEYS = Object.keys(messages).filter((k) => k.startsWith('provision.')) as MessageKey[];

export function pageHtml(): string {
  const m = (k: MessageKey) => messages[k];
  const both = (k: MessageKey, cls = '') =>
    `<p class="${cls}">${esc(m(k).zh)}</p><p class="${cls} en">${esc(m(k).en)}</p>`;
  // Texts for the script, as data (a JSON block is not executed, so the CSP allows it).
  const texts = Object.fromEntries(KEYS.map((k) => [k, messages[k]]));
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(m('provision.title').zh)}</title>
<link rel="stylesheet" href="/provision/page.css"></head>
<body>
<main>
<h1>${esc(m('provision.title').zh)}</h1><h2>${esc(m('provision.title').en)}</h2>
${both('provision.outOfService', 'residents')}
<section class="tech">
${both('provision.scan')}
${both('provision.usb')}
<p id="central" data-testid="central"></p>
<p id="status" data-testid="status" role="status" aria-live="polite"></p>
</section>
<input id="scan" data-testid="scan" autocomplete="off" autofocus aria-label="${esc(m('provision.scan').zh)}">
</main>
<script type="application/json" id="texts">${JSON.stringify(texts).replace(/</g, '\\u003c')}</script>
<script src="/provision/page.js"></script>
</body></html>`;
}

export const PAGE_CSS = `html,body{margin:0;height:100%;background:${PAGE_BACKGROUND};color:#fff;
font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;cursor:none}
main{padding:8vh 8vw}h1{font-size:6vh;margin:0}h2{font-size:3.4vh;font-weight:normal;margin:1vh 0 5vh;opacity:.85}
p{font-size:3vh;margin:.6vh 0}p.en{font-size:2.4vh;opacity:.8;margin-bottom:2.4vh}
.residents{font-weight:bold}.tech{margin-top:5vh;border-top:2px solid rgba(255,255,255,.4);padding-top:3vh}
#status{font-size:3.2vh;font-weight:bold;min-height:4vh}
#status .en,#central .en{display:block;font-size:2.4vh;font-weight:normal;opacity:.8}
#scan{position:absolute;left:-1000px;opacity:0}`;

/** The page's script (served as a file: the page's CSP allows only its own scripts). */
export const PAGE_JS = `'use strict';
(function () {
  var T = JSON.parse(document.getElementById('texts').textContent);
  var token = (location.hash.match(/[#&]t=([A-Za-z0-9_-]+)/) || [])[1] || '';
  var input = document.getElementById('scan');
  var status = document.getElementById('status');
  var central = document.getElementById('central');
  function say(el, key, params) {
    el.textContent = '';
    var m = T[key]; if (!m) return;
    var f = function (s) { return s.replace(/\\{(\\w+)\\}/g, function (w, n) { return params && n in params ? params[n] : w; }); };
    // Chinese first, English on its own line under it, as everywhere on this page.
    var zh = document.createElement('span'); zh.textContent = f(m.zh);
    var en = document.createElement('span'); en.className = 'en'; en.textContent = f(m.en);
    el.appendChild(zh); el.appendChild(en);
  }
  // A keyboard-wedge scanner types the code and presses Enter; the field keeps the focus.
  setInterval(function () { if (document.activeElement !== input) input.focus(); }, 500);
  input.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter') return;
    var text = input.value; input.value = '';
    if (!text.trim()) return;
    fetch('/provision/scan', { method: 'POST', headers: { 'content-type': 'application/json', 'x-doorstep-provision': token }, body: JSON.stringify({ text: text }) }).catch(function () {});
  });
  function show(s) {
    if (s.central) say(central, 'provision.central', { url: s.central }); else say(central, 'provision.noCentral');
    if (s.state === 'enrolling') say(status, 'provision.enrolling');
    else if (s.state === 'enrolled') say(status, 'provision.enrolled');
    else if (s.state === 'failed' && s.error) say(status, T['provision.error.' + s.error.code] ? 'provision.error.' + s.error.code : 'provision.error.OTHER', { code: s.error.code });
    else status.textContent = '';
  }
  function poll() {
    fetch('/provision/state').then(function (r) { return r.json(); }).then(show, function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
  // Once enrolled the host starts the kiosk page on this same address and answers with its URL.
  function next() {
    fetch('/provision/next?t=' + encodeURIComponent(token)).then(function (r) {
      if (r.status === 200) return r.json().then(function (b) { location.replace(b.url); });
      setTimeout(next, r.status === 204 ? 0 : 1000);
    }, function () { setTimeout(next, 1000); });
  }
  next();
})();
`;
