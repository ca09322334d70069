import type { Bilingual } from '../../contract/catalog';
import { type Lang, t as translate } from '../../contract/i18n';
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
