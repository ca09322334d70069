// The bilingual i18n layer. Every resident-facing string is a key with both languages, Simplified
// Chinese first; screens, printed tickets and error texts all come from here, never inline.

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

export interface Message {
  zh: string;
  en: string;
}

/** Declares a group of messages; `{name}` placeholders are filled by `format`. */
export function defineMessages<K extends string>(messages: Record<K, Message>): Record<K, Message> {
  return messages;
}

export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
