import { useEffect, useMemo, useState } from 'react';
import type { Category } from '../../../contract/catalog';
import { ItemPicker } from '../common/ItemPicker';
import { Bi, useI18n } from '../../shared/i18n';
import { Frame } from '../common/Frame';
import { useLive } from '../live/LiveStatus';
import { useFittingPageSize } from '../common/fit';
import { ItemDetail } from './ItemDetail';
import { categoriesOf, indexItems, loadInitials, pageOf, searchItems, type InitialsOf } from './search';
import './guide.css';

const LETTERS = 'ABCDEFGHJKLMNOPQRSTWXYZ'.split('');

/** 办事指南: categories → items → materials and time limits, searchable, without identifying. */
export function GuideScreen() {
  const { catalog, refreshCatalog } = useLive();
  const { ref: listRef, size: pageSize } = useFittingPageSize<HTMLUListElement>();
  const { t, lang } = useI18n();
  const [initialsOf, setInitialsOf] = useState<InitialsOf | null>(null);
  const [category, setCategory] = useState<Category | null>(null);
  const [query, setQuery] = useState('');
  const [itemId, setItemId] = useState<string | null>(null);
  const [page, setPage] = useState(0);

  useEffect(() => {
    refreshCatalog();
    let live = true;
    loadInitials().then((fn) => live && setInitialsOf(() => fn));
    return () => {
      live = false;
    };
  }, [refreshCatalog]);

  const items = useMemo(() => catalog ?? [], [catalog]);
  const index = useMemo(() => indexItems(items, initialsOf), [items, initialsOf]);
  const found = searchItems(index, query).filter((i) => query || !category || i.category === category);
  const { items: shown, pages } = pageOf(found, page, pageSize);
  const selected = items.find((i) => i.id === itemId);

  if (selected) {
    return (
      <Frame title={<Bi k="kiosk.guide.title" as="h2" />}>
        <ItemDetail item={selected} onBack={() => setItemId(null)} />
      </Frame>
    );
  }
  const setSearch = (q: string) => {
    setQuery(q);
    setPage(0);
  };
  return (
    <Frame title={<Bi k="kiosk.guide.title" as="h2" />}>
      <div className="guide-search">
        <label htmlFor="guide-q" className="visually-hidden">
          {t('kiosk.guide.searchLabel')}
        </label>
        <input
          id="guide-q"
          data-testid="guide-search"
          type="search"
          lang={lang === 'zh' ? 'zh-CN' : 'en'}
          placeholder={t('kiosk.guide.search')}
          value={query}
          onChange={(e) => setSearch(e.target.value)}
        />
        <div className="letters" role="group" aria-label={t('kiosk.guide.search')}>
          {LETTERS.map((l) => (
            <button
              key={l}
              type="button"
              className="letter"
              onClick={() => setSearch(query + l.toLowerCase())}
            >
              {l}
            </button>
          ))}
          <button type="button" className="letter letter-wide" onClick={() => setSearch(query.slice(0, -1))}>
            <Bi k="kiosk.keypad.delete" />
          </button>
        </div>
      </div>
      {!query && (
        <div className="categories" role="group" aria-label={t('kiosk.guide.all')}>
          <button
            type="button"
            className="chip"
            aria-pressed={category === null}
            onClick={() => setCategory(null)}
          >
            <Bi k="kiosk.guide.all" />
          </button>
          {categoriesOf(items).map((c) => (
            <button
              key={c}
              type="button"
              className="chip"
              aria-pressed={category === c}
              data-testid={`category-${c}`}
              onClick={() => {
                setCategory(c);
                setPage(0);
              }}
            >
              <Bi k={`category.${c}`} />
            </button>
          ))}
        </div>
      )}
      {shown.length === 0 && catalog && <Bi k="kiosk.guide.none" as="p" />}
      <ItemPicker
        items={shown}
        page={page}
        pages={pages}
        onPage={setPage}
        onChoose={(i) => setItemId(i.id)}
        testId="guide"
        listRef={listRef}
      />
    </Frame>
  );
}
