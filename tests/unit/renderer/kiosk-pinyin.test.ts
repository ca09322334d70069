import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { buildLookup, commonHanzi } from '../../../renderer/kiosk/video/pinyin';

// The kiosk's pinyin keyboard: the common characters (GB 2312 level 1) found by what was typed.

describe('kiosk pinyin candidates', () => {
  const chars = commonHanzi();
  const lookup = buildLookup(chars, (ch) => pinyin(ch, { toneType: 'none', multiple: true, type: 'array' }));

  it('has the 3,755 common characters', () => {
    expect(chars).toHaveLength(3755);
    expect(chars.slice(0, 3)).toEqual(['啊', '阿', '埃']);
  });

  it('finds characters by full syllable, exact readings first, then by the start of a syllable', () => {
    expect(lookup('wang')).toEqual(expect.arrayContaining(['王', '汪', '网']));
    expect(lookup('fang')).toContain('芳');
    expect(lookup('lv')).toContain('绿'); // ü typed as v
    expect(lookup('zhang').slice(0, 16)).toContain('张');
    const zh = lookup('zh');
    expect(zh).toEqual(expect.arrayContaining(['张', '中', '周']));
    expect(new Set(zh).size).toBe(zh.length);
    expect(lookup('chang')).toContain('长'); // a second reading (zhǎng / cháng)
    expect(lookup('xyz')).toEqual([]);
    expect(lookup('')).toEqual([]);
  });
});
