import { useEffect, useState } from 'react';
import { Bi, useI18n } from '../../shared/i18n';
import { loadPinyin, type PinyinLookup } from './pinyin';

// The on-screen keyboard of a text field: pinyin (type the syllable, tap the character) or plain
// letters, a row of digits (house and room numbers; left out where no one needs them), delete and
// clear. Large keys, like the keypad.

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const DIGITS = '1234567890';
const PAGE = 8;

export function PinyinPad({
  value,
  maxLength,
  onChange,
  digits = true,
}: {
  value: string;
  maxLength: number;
  onChange(value: string): void;
  /** The row of digits (default shown). */
  digits?: boolean;
}) {
  const { t, lang } = useI18n();
  const [lookup, setLookup] = useState<PinyinLookup | null>(null);
  const [mode, setMode] = useState<'zh' | 'en'>(lang);
  const [typed, setTyped] = useState('');
  const [page, setPage] = useState(0);

  useEffect(() => {
    let live = true;
    void loadPinyin().then((fn) => live && setLookup(() => fn));
    return () => {
      live = false;
    };
  }, []);

  const full = [...value].length >= maxLength;
  const candidates = lookup && typed ? lookup(typed) : [];
  const pages = Math.max(1, Math.ceil(candidates.length / PAGE));
  const shown = candidates.slice(page * PAGE, page * PAGE + PAGE);
  const add = (s: string) => !full && onChange(value + s);
  const setSyllable = (s: string) => {
    setTyped(s);
    setPage(0);
  };
  const letter = (l: string) => {
    if (mode === 'en') add(l);
    else if (typed.length < 6) setSyllable(typed + l);
  };
  const del = () => {
    if (typed) setSyllable(typed.slice(0, -1));
    else onChange([...value].slice(0, -1).join(''));
  };

  return (
    <div className="pinyin-pad" data-testid="pinyin-pad" data-ready={lookup ? 'yes' : 'no'}>
      {mode === 'zh' && (
        <div className="pinyin-line">
          <output className="pinyin-typed" data-testid="pinyin-typed" aria-label={t('form.key.pinyinHint')}>
            {typed || '\u00a0'}
          </output>
          <div className="pinyin-candidates" role="group" aria-label={t('form.key.pinyinHint')}>
            {shown.map((ch) => (
              <button
                key={ch}
                type="button"
                className="candidate"
                data-testid="candidate"
                lang="zh-CN"
                disabled={full}
                onClick={() => {
                  add(ch);
                  setSyllable('');
                }}
              >
                {ch}
              </button>
            ))}
            {typed && lookup && candidates.length === 0 && <Bi k="form.key.noMatch" />}
            {!typed && <Bi k="form.key.pinyinHint" />}
            {pages > 1 && (
              <button type="button" className="candidate more" onClick={() => setPage((page + 1) % pages)}>
                {t('form.key.more')}
              </button>
            )}
          </div>
        </div>
      )}
      <div
        className="letter-keys"
        role="group"
        aria-label={t(mode === 'zh' ? 'form.key.modeZh' : 'form.key.modeEn')}
      >
        {digits && (
          <div className="key-row">
            {[...DIGITS].map((d) => (
              <button key={d} type="button" className="lkey" disabled={full} onClick={() => add(d)}>
                {d}
              </button>
            ))}
          </div>
        )}
        {ROWS.map((row) => (
          <div className="key-row" key={row}>
            {[...row].map((l) => (
              <button
                key={l}
                type="button"
                className="lkey"
                data-testid={`lkey-${l}`}
                disabled={mode === 'en' && full}
                onClick={() => letter(l)}
              >
                {mode === 'en' ? l : l.toUpperCase()}
              </button>
            ))}
          </div>
        ))}
        <div className="key-row">
          <button
            type="button"
            className="lkey wide"
            data-testid="pinyin-mode"
            onClick={() => {
              setMode(mode === 'zh' ? 'en' : 'zh');
              setSyllable('');
            }}
          >
            {t(mode === 'zh' ? 'form.key.modeEn' : 'form.key.modeZh')}
          </button>
          {mode === 'en' && (
            <button type="button" className="lkey wide" disabled={full} onClick={() => add(' ')}>
              {t('form.key.space')}
            </button>
          )}
          <button type="button" className="lkey wide" data-testid="pinyin-del" onClick={del}>
            {t('form.key.delete')}
          </button>
          <button
            type="button"
            className="lkey wide"
            onClick={() => {
              setSyllable('');
              onChange('');
            }}
          >
            {t('form.key.clear')}
          </button>
        </div>
      </div>
    </div>
  );
}
