import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { type Lang, type MessageKey, t as translate } from '../../contract/i18n';

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The message in the current language. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** The message in the other language (shown smaller, second). */
  other(key: MessageKey, params?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ initial = 'zh', children }: { initial?: Lang; children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(initial);
  const value = useMemo<I18n>(() => {
    const otherLang: Lang = lang === 'zh' ? 'en' : 'zh';
    return {
      lang,
      setLang,
      t: (key, params) => translate(key, lang, params),
      other: (key, params) => translate(key, otherLang, params),
    };
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n() outside <I18nProvider>');
  return ctx;
}

/** A message in both languages: the chosen one first and large, the other below it. */
export function Bi({
  k,
  params,
  as: Tag = 'span',
}: {
  k: MessageKey;
  params?: Record<string, string | number>;
  as?: 'span' | 'h1' | 'h2' | 'p';
}) {
  const { t, other, lang } = useI18n();
  return (
    <Tag className="bi" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <span className="bi-primary">{t(k, params)}</span>
      <span className="bi-secondary" lang={lang === 'zh' ? 'en' : 'zh-CN'}>
        {other(k, params)}
      </span>
    </Tag>
  );
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <button type="button" className="lang-switch" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {t('lang.switch')}
    </button>
  );
}
