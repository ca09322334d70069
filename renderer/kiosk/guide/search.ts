import type { Category, ServiceItem } from '../../../contract/catalog';

// Service guide search by name (Chinese or English) or pinyin initials (居住证办理 → jzzbl). The
// initials function is injected: pinyin-pro is loaded lazily so it stays out of the entry bundle.

export type InitialsOf = (chinese: string) => string;

export interface SearchableItem {
  item: ServiceItem;
  initials: string;
}

export function indexItems(items: readonly ServiceItem[], initialsOf: InitialsOf | null): SearchableItem[] {
  return items.map((item) => ({ item, initials: initialsOf ? initialsOf(item.name.zh).toLowerCase() : '' }));
}

/** Items matching the query; an empty query keeps all. Initials match from the start of any word. */
export function searchItems(index: readonly SearchableItem[], query: string): ServiceItem[] {
  const q = query.trim().toLowerCase();
  if (!q) return index.map((e) => e.item);
  const latin = /^[a-z]+$/.test(q);
  return index
    .filter(
      ({ item, initials }) =>
        item.name.zh.includes(query.trim()) ||
        item.name.en.toLowerCase().includes(q) ||
        item.code.toLowerCase().includes(q) ||
        (latin && initials.includes(q)),
    )
    .map((e) => e.item);
}

/** The categories that have items, in catalog order. */
export function categoriesOf(items: readonly ServiceItem[]): Category[] {
  const seen: Category[] = [];
  for (const i of items) if (!seen.includes(i.category)) seen.push(i.category);
  return seen;
}

/** One page of a list: elder mode shows fewer entries per screen. */
export function pageOf<T>(list: readonly T[], page: number, size: number): { items: T[]; pages: number } {
  const pages = Math.max(1, Math.ceil(list.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: list.slice(p * size, p * size + size), pages };
}

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
