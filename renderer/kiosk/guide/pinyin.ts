import type { InitialsOf } from './search';

// pinyin-pro (about 140 KB gzipped) is loaded only when the guide opens, keeping the kiosk's entry
// bundle small; the search works by name until it arrives.
let loading: Promise<InitialsOf> | null = null;

export function loadInitials(): Promise<InitialsOf> {
  loading ??= import('pinyin-pro').then(
    ({ pinyin }) =>
      (text: string) =>
        pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join(''),
  );
  return loading;
}
