import { describe, expect, it } from 'vitest';
import { both, errorText, format, messages, t } from '../../../contract/i18n';

const hasCjk = (s: string) => /[\u3400-\u9fff]/.test(s);

describe('i18n layer', () => {
  it('every message has Chinese and English text, and the Chinese is Chinese', () => {
    for (const [key, m] of Object.entries({ ...messages, ...errorText })) {
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.en.trim(), key).not.toBe('');
      if (key !== 'lang.switch') expect(hasCjk(m.zh), `${key} zh`).toBe(true);
      if (key !== 'lang.switch') expect(hasCjk(m.en), `${key} en has Chinese`).toBe(false);
    }
  });

  it('fills placeholders and shows both languages Chinese first', () => {
    expect(t('common.waiting', 'en', { n: 4 })).toBe('4 waiting');
    expect(both('common.waiting', { n: 4 })).toBe('等候 4 人 4 waiting');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
