import type { ServiceItem } from '../../../contract/catalog';
import { Pager } from './Frame';
import { Name } from './Texts';

/** One page of service items as large buttons, with the pager below (guide and booking). */
export function ItemPicker({
  items,
  page,
  pages,
  onPage,
  onChoose,
  testId,
  listRef,
}: {
  /** For useFittingPageSize: the list measured to know how many entries fit. */
  listRef?: (el: HTMLUListElement | null) => void;
  items: ServiceItem[];
  page: number;
  pages: number;
  onPage(page: number): void;
  onChoose(item: ServiceItem): void;
  /** Prefix of the test ids: `<testId>-items` on the list, `<testId>-item-<code>` on each button. */
  testId: string;
}) {
  return (
    <>
      <ul className="item-list" data-testid={`${testId}-items`} ref={listRef}>
        {items.map((i) => (
          <li key={i.id}>
            <button
              type="button"
              className="item-button"
              onClick={() => onChoose(i)}
              data-testid={`${testId}-item-${i.code}`}
            >
              <Name value={i.name} />
            </button>
          </li>
        ))}
      </ul>
      <Pager page={Math.min(page, pages - 1)} pages={pages} onPage={onPage} />
    </>
  );
}
