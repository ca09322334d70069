import { lazy, Suspense, useState, type ReactNode } from 'react';
import { t as translate, type MessageKey } from '../../../contract/i18n';
import type { VideoCase } from '../../../contract/video';
import { Bi, useI18n } from '../../shared/i18n';
import { useDoorstep } from '../doorstep/useDoorstep';

// 好差评 after the call, bound to the case number: five levels, a reason for 不满意 or worse, and a
// plain Skip. Nothing nudges: no default choice, no reminder. The reason is given by touch: one-tap
// common reasons and, for anything else, the on-screen pinyin keyboard (loaded when asked for). The
// host keeps the rating until central has it; `onDone` hears whether it was delivered now.

const LEVELS = [5, 4, 3, 2, 1] as const;
const REASONS = [
  'video.rate.why.wait',
  'video.rate.why.unsolved',
  'video.rate.why.attitude',
  'video.rate.why.av',
  'video.rate.why.unclear',
] as const satisfies readonly MessageKey[];
const TYPED_MAX = 200;

const PinyinPad = lazy(() => import('./PinyinPad').then((m) => ({ default: m.PinyinPad })));

export type RatingOutcome = 'skipped' | 'delivered' | 'queued';

export function RatingScreen({
  vc,
  onDone,
  children,
}: {
  vc: VideoCase;
  onDone(outcome: RatingOutcome): void;
  /** Shown over the screen (the idle countdown). */
  children?: ReactNode;
}) {
  const api = useDoorstep();
  const { t } = useI18n();
  const [level, setLevel] = useState<number | null>(null);
  const [chosen, setChosen] = useState<ReadonlyArray<(typeof REASONS)[number]>>([]);
  const [typing, setTyping] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const needsReason = level !== null && level <= 2;
  // Staff read the reasons in Chinese whatever language the resident chose; typed text as typed.
  const reason = [...REASONS.filter((r) => chosen.includes(r)).map((r) => translate(r, 'zh'))]
    .concat(typing && typed.trim() ? [typed.trim()] : [])
    .join('；');

  const toggle = (r: (typeof REASONS)[number]) =>
    setChosen((c) => (c.includes(r) ? c.filter((x) => x !== r) : [...c, r]));
  const submit = () => {
    if (level === null) return;
    setBusy(true);
    setFailed(false);
    api.call('video.rate', { caseId: vc.id, level, reason: needsReason ? reason : undefined }).then(
      (r) => onDone(r.delivered ? 'delivered' : 'queued'),
      () => {
        setBusy(false);
        setFailed(true);
      },
    );
  };

  return (
    <div className="video-overlay rating" data-testid="video-rating">
      <Bi k="video.rate.title" as="h2" />
      <Bi k="video.rate.case" params={{ n: vc.caseNumber }} as="p" />
      <div className="rating-levels" role="radiogroup" aria-label={t('video.rate.title')}>
        {LEVELS.map((l) => (
          <button
            key={l}
            type="button"
            role="radio"
            aria-checked={level === l}
            className="big"
            data-level={l}
            disabled={busy}
            onClick={() => setLevel(l)}
          >
            <Bi k={`video.rate.${l}`} />
          </button>
        ))}
      </div>
      {needsReason && (
        <div className="rating-reason" role="group" aria-label={t('video.rate.reason')}>
          <Bi k="video.rate.reason" as="p" />
          <div className="reason-chips">
            {REASONS.map((r) => (
              <button
                key={r}
                type="button"
                className="reason-chip"
                aria-pressed={chosen.includes(r)}
                data-testid={`reason-${r.slice('video.rate.why.'.length)}`}
                disabled={busy}
                onClick={() => toggle(r)}
              >
                <Bi k={r} />
              </button>
            ))}
            <button
              type="button"
              className="reason-chip"
              aria-pressed={typing}
              data-testid="reason-other"
              disabled={busy}
              onClick={() => setTyping(!typing)}
            >
              <Bi k="video.rate.why.other" />
            </button>
          </div>
          {typing && (
            <>
              <output className="reason-typed" data-testid="rating-reason" aria-label={t('video.rate.typed')}>
                {typed || '\u00a0'}
              </output>
              <Suspense fallback={null}>
                <PinyinPad value={typed} maxLength={TYPED_MAX} onChange={setTyped} digits={false} />
              </Suspense>
            </>
          )}
        </div>
      )}
      {busy && <Bi k="video.rate.sending" as="p" />}
      {failed && (
        <p role="alert" data-testid="rating-failed">
          <Bi k="video.rate.failed" />
        </p>
      )}
      <div className="video-actions">
        <button
          type="button"
          className="big"
          data-testid="rating-skip"
          disabled={busy}
          onClick={() => onDone('skipped')}
        >
          <Bi k="video.rate.skip" />
        </button>
        <button
          type="button"
          className="primary big"
          data-testid="rating-submit"
          disabled={level === null || busy || (needsReason && !reason)}
          onClick={submit}
        >
          <Bi k="video.rate.submit" />
        </button>
      </div>
      {children}
    </div>
  );
}
