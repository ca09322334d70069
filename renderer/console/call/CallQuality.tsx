import { useI18n } from '../../shared/i18n';
import type { QualityFigures } from '../../shared/video/quality';
import type { AgentCall } from './useAgentCall';

// The call's quality as the agent can act on it: the state (good / poor / very poor, bilingual through
// i18n), the figures of the last seconds per direction, and what to do: on a poor link the document
// photo instead of a certificate held to the camera; on a very poor one, audio only, which the
// resident agrees to on the kiosk (and back to video the same way).

const show = (n: number | null | undefined): string | number => (n === null || n === undefined ? '–' : n);
const worst = (...xs: Array<number | null>): number | null => {
  const known = xs.filter((x): x is number => x !== null);
  return known.length ? Math.max(...known) : null;
};

function figures(f: QualityFigures) {
  return {
    s: Math.round(f.spanMs / 1000),
    lin: show(worst(f.audio.in.lossPct, f.video.in.lossPct)),
    lout: show(worst(f.audio.out.lossPct, f.video.out.lossPct)),
    freeze: show(f.video.freezePct),
    conceal: show(f.audio.concealedPct),
    rtt: show(f.rttMs),
    res: f.video.width && f.video.height ? `${f.video.width}×${f.video.height}` : '–',
    fps: show(f.video.fps),
  };
}

export function CallQuality({ call }: { call: AgentCall }) {
  const { t } = useI18n();
  const q = call.quality;
  if (!q) return null;
  const { media } = call;
  return (
    <div
      className={`call-quality ${q.state}`}
      data-testid="call-quality"
      data-state={q.state}
      // The window's figures for tests and the bench (the text above is for the agent).
      data-span-ms={q.figures.spanMs}
      data-freeze={q.figures.video.freezePct ?? ''}
      data-concealed={q.figures.audio.concealedPct ?? ''}
      data-loss-in={worst(q.figures.audio.in.lossPct, q.figures.video.in.lossPct) ?? ''}
      data-loss-out={worst(q.figures.audio.out.lossPct, q.figures.video.out.lossPct) ?? ''}
      data-rtt={q.figures.rttMs ?? ''}
      data-height={q.figures.video.height ?? ''}
      data-fps={q.figures.video.fps ?? ''}
      role="status"
    >
      <strong data-testid="call-quality-state">{t(`video.quality.${q.state}`)}</strong>{' '}
      <span className="figures">{t('console.quality.figures', figures(q.figures))}</span>
      {q.state === 'poor' && media.video && <p data-testid="quality-hint">{t('console.quality.poorHint')}</p>}
      {q.state === 'very-poor' && media.video && (
        <p data-testid="quality-hint">{t('console.quality.veryPoorHint')}</p>
      )}
      {(q.state === 'very-poor' || !media.video) && media.asking === null && (
        <button type="button" data-testid="propose-media" onClick={() => call.proposeMedia(!media.video)}>
          {t(media.video ? 'console.media.offerAudio' : 'console.media.offerVideo')}
        </button>
      )}
      {media.asking !== null && <p data-testid="media-waiting">{t('console.media.waiting')}</p>}
      {media.declined && <p data-testid="media-declined">{t('console.media.declined')}</p>}
    </div>
  );
}
