import type { Bilingual } from '../../../contract/catalog';
import { useI18n } from '../../shared/i18n';

/** A bilingual name from the data (a service item, a station): the chosen language first. */
export function Name({ value, as: Tag = 'span' }: { value: Bilingual; as?: 'span' | 'h3' }) {
  const { lang } = useI18n();
  const [first, second] = lang === 'zh' ? [value.zh, value.en] : [value.en, value.zh];
  return (
    <Tag className="bi">
      <span className="bi-primary" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
        {first}
      </span>
      <span className="bi-secondary" lang={lang === 'zh' ? 'en' : 'zh-CN'}>
        {second}
      </span>
    </Tag>
  );
}
