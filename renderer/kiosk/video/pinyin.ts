// Pinyin entry for the kiosk's on-screen keyboard (no physical keyboard, no system input method):
// the resident types a syllable and taps the character. The candidates are the 3,755 common
// characters of GB 2312 level 1 (decoded from their GB codes by the browser's own GBK decoder, so no
// character list ships with the kiosk), indexed by their toneless readings from pinyin-pro, which is
// loaded lazily like the service guide's (it stays out of the entry bundle).

/** Candidates for what was typed: exact syllables first, then syllables that start with it. */
export type PinyinLookup = (typed: string) => string[];

/** GB 2312 level 1 (rows 16–55), in the standard's order (by reading, then strokes). */
export function commonHanzi(): string[] {
  const decoder = new TextDecoder('gbk');
  const out: string[] = [];
  for (let hi = 0xb0; hi <= 0xd7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (/^[\u4e00-\u9fff]$/.test(ch)) out.push(ch);
    }
  }
  return out;
}

/** An index from readings (ü typed as v) to characters; `readingsOf` gives a character's readings. */
export function buildLookup(chars: readonly string[], readingsOf: (ch: string) => string[]): PinyinLookup {
  const bySyllable = new Map<string, string[]>();
  for (const ch of chars) {
    for (const r of new Set(readingsOf(ch).map((x) => x.toLowerCase().replace(/ü/g, 'v')))) {
      if (!/^[a-z]+$/.test(r)) continue;
      const list = bySyllable.get(r) ?? [];
      list.push(ch);
      bySyllable.set(r, list);
    }
  }
  const syllables = [...bySyllable.keys()].sort();
  return (typed) => {
    const q = typed.toLowerCase();
    if (!q) return [];
    const out = new Set(bySyllable.get(q) ?? []);
    for (const s of syllables)
      if (s !== q && s.startsWith(q)) for (const ch of bySyllable.get(s)!) out.add(ch);
    return [...out];
  };
}

let loading: Promise<PinyinLookup> | null = null;

export function loadPinyin(): Promise<PinyinLookup> {
  loading ??= import('pinyin-pro').then(({ pinyin }) =>
    buildLookup(commonHanzi(), (ch) => pinyin(ch, { toneType: 'none', multiple: true, type: 'array' })),
  );
  return loading;
}
