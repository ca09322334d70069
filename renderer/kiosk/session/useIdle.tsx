import { useEffect, useRef, useState } from 'react';
import { Bi, useI18n } from '../../shared/i18n';
import { idlePhase, type IdlePhase, type IdleSettings } from './idle';

const TICK_MS = 250;
const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/** Watches touches while `active`; calls onExpire once when the countdown runs out. */
export function useIdle(active: boolean, settings: IdleSettings, onExpire: () => void) {
  const [phase, setPhase] = useState<IdlePhase>({ phase: 'active' });
  const last = useRef(0);
  const expire = useRef(onExpire);
  useEffect(() => {
    expire.current = onExpire;
  });

  useEffect(() => {
    if (!active) return;
    last.current = Date.now();
    const touched = () => {
      last.current = Date.now();
    };
    for (const e of ACTIVITY) window.addEventListener(e, touched, { capture: true, passive: true });
    const timer = setInterval(() => {
      const p = idlePhase(Date.now(), last.current, settings);
      setPhase((prev) =>
        prev.phase === p.phase &&
        (p.phase !== 'countdown' || prev.phase !== 'countdown' || prev.remainingSec === p.remainingSec)
          ? prev
          : p,
      );
      if (p.phase === 'expired') {
        last.current = Date.now();
        expire.current();
      }
    }, TICK_MS);
    return () => {
      clearInterval(timer);
      for (const e of ACTIVITY) window.removeEventListener(e, touched, { capture: true });
      setPhase({ phase: 'active' });
    };
  }, [active, settings]);

  return {
    phase: active ? phase : ({ phase: 'active' } as IdlePhase),
    touch: () => (last.current = Date.now()),
  };
}

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
