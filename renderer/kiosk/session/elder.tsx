import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { MessageKey } from '../../../contract/i18n';
import { useI18n } from '../../shared/i18n';

// 长辈模式 elder mode: larger type and targets, fewer items per screen, spoken prompts where the
// platform has a zh-CN voice (speechSynthesis).

interface Elder {
  elder: boolean;
  setElder(on: boolean): void;
  /** Entries per screen in lists. */
  pageSize: number;
}

const ElderContext = createContext<Elder>({ elder: false, setElder: () => undefined, pageSize: 6 });

export function ElderProvider({ children }: { children: ReactNode }) {
  const [elder, setElder] = useState(false);
  useEffect(() => {
    document.documentElement.classList.toggle('elder', elder);
  }, [elder]);
  return (
    <ElderContext.Provider value={{ elder, setElder, pageSize: elder ? 3 : 6 }}>
      {children}
    </ElderContext.Provider>
  );
}

export function useElder(): Elder {
  return useContext(ElderContext);
}

/** Speaks a prompt when a screen opens in elder mode, in the chosen language. */
export function useSpoken(key: MessageKey, params?: Record<string, string | number>): void {
  const { elder } = useElder();
  const { t, lang } = useI18n();
  const text = t(key, params);
  useEffect(() => {
    if (!elder || !speak(text, lang)) return;
    return () => speechSynthesis.cancel();
  }, [elder, text, lang]);
}

/** Says `text` now (cutting off whatever was being said); false where the platform cannot speak. */
export function speak(text: string, lang: 'zh' | 'en'): boolean {
  if (typeof speechSynthesis === 'undefined') return false;
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang === 'zh' ? 'zh-CN' : 'en-US';
  const voice = speechSynthesis
    .getVoices()
    .find((v) => v.lang.replace('_', '-').startsWith(u.lang.slice(0, 2)));
  if (voice) u.voice = voice;
  speechSynthesis.cancel();
  speechSynthesis.speak(u);
  return true;
}

export function ElderSwitch() {
  const { elder, setElder } = useElder();
  const { t } = useI18n();
  return (
    <button
      type="button"
      className="lang-switch elder-switch"
      aria-pressed={elder}
      onClick={() => setElder(!elder)}
    >
      {t('kiosk.elder.on')}
    </button>
  );
}
