import { t, type Lang } from '../../contract/i18n';
import type { PublicCall } from '../../contract/fleet';

// Calls spoken aloud in the hall, as Chinese halls do: "请 D041 号到 3 号窗口" in Mandarin, then in
// English when the display is set to (?speech=zh,en). Each call (and each recall) waits for the
// chime and for the call before it: one queue, so two calls never talk over each other. Offline:
// the Web Speech API with a voice installed on the display machine (docs/display.md names the Debian
// packages). With no voice for a language the display says nothing in it: the chime and the flashing
// board still call.

/** The chime (callAlert.ts) lasts about 1.35 s; speech starts after it. */
const AFTER_CHIME_MS = 1400;
/** An utterance whose end event never comes (some engines) does not hold the queue for ever. */
const MAX_UTTERANCE_MS = 15_000;

/** Languages to speak, from the address: ?speech=zh (default), zh,en, or off. */
export function speechLanguages(search = window.location.search): Lang[] {
  const v = new URLSearchParams(search).get('speech');
  if (v === 'off') return [];
  const langs = (v ?? 'zh').split(',').filter((l): l is Lang => l === 'zh' || l === 'en');
  return langs.length > 0 ? langs : ['zh'];
}

/** What is said for a call in one language (the board's own announcement text). */
export function callText(call: PublicCall, lang: Lang): string {
  const d = call.destination;
  const number = call.number;
  if (d.kind === 'video') return t('display.goVideo', lang, { number });
  if (d.window === null) return t('display.goWindowAny', lang, { number });
  return t('display.goWindow', lang, { number, window: d.window });
}

function voiceFor(lang: Lang): SpeechSynthesisVoice | null {
  const prefix = lang === 'zh' ? 'zh' : 'en';
  const voices = speechSynthesis.getVoices();
  const exact = lang === 'zh' ? 'zh-CN' : 'en-US';
  return (
    voices.find((v) => v.lang.replace('_', '-') === exact) ??
    voices.find((v) => v.lang.toLowerCase().startsWith(prefix)) ??
    null
  );
}

function say(text: string, lang: Lang): Promise<void> {
  return new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang === 'zh' ? 'zh-CN' : 'en-US';
    const voice = voiceFor(lang);
    // Some engines list their voices late (voiceschanged): without one, the language tag chooses.
    if (voice) u.voice = voice;
    u.rate = lang === 'zh' ? 0.9 : 1;
    const timer = setTimeout(resolve, MAX_UTTERANCE_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    u.onend = done;
    u.onerror = done;
    speechSynthesis.speak(u);
  });
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The hall's one voice: calls are spoken in order, each after its chime. */
export class Announcer {
  private chain: Promise<void> = Promise.resolve();
  constructor(
    private readonly langs: Lang[],
    private readonly chime: () => void,
  ) {}

  announce(call: PublicCall): void {
    this.chain = this.chain.then(async () => {
      this.chime();
      if (typeof speechSynthesis === 'undefined' || this.langs.length === 0) return;
      await wait(AFTER_CHIME_MS);
      for (const lang of this.langs) await say(callText(call, lang), lang);
    });
  }
}
