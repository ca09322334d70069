import { useState } from 'react';
import type { VideoCase } from '../../../contract/video';
import { Bi, useI18n } from '../../shared/i18n';
import { useDoorstep } from '../doorstep/useDoorstep';

// 好差评 after the call, bound to the case number: five levels, a reason for 不满意 or worse, and a
// plain Skip. Nothing nudges: no default choice, no reminder, no countdown pressure.

const LEVELS = [5, 4, 3, 2, 1] as const;

export function RatingScreen({ vc, onDone }: { vc: VideoCase; onDone(): void }) {
  const api = useDoorstep();
  const { t } = useI18n();
  const [level, setLevel] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const needsReason = level !== null && level <= 2;

  const submit = () => {
    if (level === null) return;
    setBusy(true);
    void api
      .call('video.rate', { caseId: vc.id, level, reason: needsReason ? reason.trim() : undefined })
      .catch(() => undefined)
      .finally(onDone);
  };

  return (
    <div className="video-overlay rating" data-testid="video-rating">
      <Bi k="video.rate.title" as="h2" />
      <Bi k="video.rate.case" params={{ n: vc.caseNumber }} as="p" />
      <div className="rating-levels" role="radiogroup">
        {LEVELS.map((l) => (
          <button
            key={l}
            type="button"
            role="radio"
            aria-checked={level === l}
            className="big"
            data-level={l}
            onClick={() => setLevel(l)}
          >
            <Bi k={`video.rate.${l}`} />
          </button>
        ))}
      </div>
      {needsReason && (
        <label className="rating-reason">
          <Bi k="video.rate.reason" />
          <textarea
            data-testid="rating-reason"
            value={reason}
            placeholder={t('video.rate.reason')}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
      )}
      <div className="video-actions">
        <button type="button" className="big" onClick={onDone}>
          <Bi k="video.rate.skip" />
        </button>
        <button
          type="button"
          className="primary big"
          data-testid="rating-submit"
          disabled={level === null || busy || (needsReason && !reason.trim())}
          onClick={submit}
        >
          <Bi k="video.rate.submit" />
        </button>
      </div>
    </div>
  );
}
