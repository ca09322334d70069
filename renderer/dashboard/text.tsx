import type { Bilingual } from '../../contract/catalog';
import type { ErrorCode } from '../../contract/errors';
import { type Lang, type MessageKey, errorText, t as translate } from '../../contract/i18n';
import { useI18n } from '../shared/i18n';

// Bilingual text that is not one catalogue message: data with both names (stations, services), or a
// message built from other messages ("last seen 3 min ago"). Same layout as <Bi>.

export function BiText({ text, as: Tag = 'span' }: { text: (lang: Lang) => string; as?: 'span' | 'h3' }) {
  const { lang } = useI18n();
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const attr = (l: Lang) => (l === 'zh' ? 'zh-CN' : 'en');
  return (
    <Tag className="bi" lang={attr(lang)}>
      <span className="bi-primary">{text(lang)}</span>
      <span className="bi-secondary" lang={attr(other)}>
        {text(other)}
      </span>
    </Tag>
  );
}

export function BiName({ name, as }: { name: Bilingual; as?: 'span' | 'h3' }) {
  return <BiText text={(l) => name[l]} as={as} />;
}

export { translate };

/** "Could not load the data: <what the error code means>", in both languages. */
export function LoadFailed({ code }: { code: ErrorCode }) {
  return <BiText text={(l) => translate('dash.loadFailed', l, { reason: errorText[code][l] })} />;
}

/** How long ago an instant was, as a message key and its number ("3 分钟前", "3 min ago"). */
export function agoOf(fromIso: string, nowMs: number): { k: MessageKey; n: number } {
  const s = Math.max(0, Math.round((nowMs - Date.parse(fromIso)) / 1000));
  if (s < 60) return { k: 'dash.ago.seconds', n: s };
  if (s < 3600) return { k: 'dash.ago.minutes', n: Math.floor(s / 60) };
  if (s < 86_400) return { k: 'dash.ago.hours', n: Math.floor(s / 3600) };
  return { k: 'dash.ago.days', n: Math.floor(s / 86_400) };
}
