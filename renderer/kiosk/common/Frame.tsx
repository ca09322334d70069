import { useRef, type ReactNode } from 'react';
import { Bi, LanguageSwitch, useI18n } from '../../shared/i18n';
import { useOffline } from '../live/LiveStatus';
import { ElderSwitch } from '../session/elder';
import { TapCounter } from '../session/idle';
import { useSession } from '../session/KioskSession';

// Every screen's frame: station name, home, language and elder switches, the offline banner, and the
// hidden technician corner (five taps within three seconds).

export function Frame({ children, title }: { children: ReactNode; title?: ReactNode }) {
  const { state, end, show, cardLeft } = useSession();
  const { t, lang } = useI18n();
  const offline = useOffline();
  const taps = useRef(new TapCounter());
  const atStart = state.screen.name === 'start';

  return (
    <div className="kiosk" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <header className="app-header kiosk-header">
        <button
          type="button"
          className="tech-corner"
          aria-label={t('kiosk.tech.corner')}
          data-testid="tech-corner"
          onClick={() => {
            if (taps.current.tap(Date.now())) show({ name: 'technician' });
          }}
        />
        <Bi k="app.kiosk" as="h1" />
        <div className="header-actions">
          {!atStart && (
            <button type="button" className="lang-switch" onClick={end} data-testid="home">
              {t('common.home')}
            </button>
          )}
          <ElderSwitch />
          <LanguageSwitch />
        </div>
      </header>
      {offline && (
        <div className="offline-banner" role="status" data-testid="offline-banner">
          <Bi k="kiosk.offline.banner" />
        </div>
      )}
      {cardLeft && (
        <div className="card-reminder" role="alert" data-testid="card-reminder">
          <Bi k="kiosk.card.take" as="h2" />
          <Bi k="kiosk.card.takeBody" as="p" />
        </div>
      )}
      <main className="kiosk-main">
        {title && <div className="screen-title">{title}</div>}
        {children}
      </main>
    </div>
  );
}

/** A large touch button with a bilingual label. */
export function BigButton({
  children,
  onClick,
  kind = 'primary',
  disabled,
  testId,
}: {
  children: ReactNode;
  onClick(): void;
  kind?: 'primary' | 'secondary';
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <button
      type="button"
      className={`big-button ${kind}`}
      onClick={onClick}
      disabled={disabled}
      data-testid={testId}
    >
      {children}
    </button>
  );
}

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
