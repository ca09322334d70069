import { Bi, useI18n } from '../../shared/i18n';

/** Previous/next for lists longer than one screen (elder mode shows fewer entries per page). */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage(p: number): void }) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t('kiosk.page.of', { page: page + 1, pages })}>
      <button
        type="button"
        className="big-button secondary"
        disabled={page === 0}
        onClick={() => onPage(page - 1)}
      >
        <Bi k="kiosk.page.prev" />
      </button>
      <span className="pager-pos">{t('kiosk.page.of', { page: page + 1, pages })}</span>
      <button
        type="button"
        className="big-button secondary"
        disabled={page >= pages - 1}
        onClick={() => onPage(page + 1)}
      >
        <Bi k="kiosk.page.next" />
      </button>
    </nav>
  );
}
