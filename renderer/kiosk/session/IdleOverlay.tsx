import { useEffect, useRef } from 'react';
import { Bi, useI18n } from '../../shared/i18n';

/** The countdown before an idle session ends; any touch continues. */
export function IdleOverlay({ remainingSec, onContinue }: { remainingSec: number; onContinue(): void }) {
  const { t } = useI18n();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div
      className="idle-overlay"
      role="alertdialog"
      aria-modal="true"
      aria-label={t('kiosk.idle.title')}
      data-testid="idle-overlay"
    >
      <div className="idle-box">
        <Bi k="kiosk.idle.title" as="h2" />
        <p className="idle-count" aria-live="assertive">
          {remainingSec}
        </p>
        <Bi k="kiosk.idle.body" params={{ n: remainingSec }} as="p" />
        <button
          ref={button}
          type="button"
          className="big-button primary"
          onClick={onContinue}
          data-testid="idle-continue"
        >
          <Bi k="kiosk.idle.continue" />
        </button>
      </div>
    </div>
  );
}
