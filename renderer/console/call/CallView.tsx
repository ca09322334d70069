import { useEffect, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { AgentCall } from './useAgentCall';
import { StreamVideo } from '../../shared/StreamVideo';
import { Kbd, useShortcut } from '../shortcuts';
import { CallQuality } from './CallQuality';

// The call: the resident large, self-view small, mute / camera / end, and the connection quality
// (round-trip time, loss, bitrate, path) from getStats. M and V toggle mute and camera, E ends the call.

export function CallView({ call, onEnd }: { call: AgentCall; onEnd(): void }) {
  const { t } = useI18n();
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);

  useEffect(() => {
    call.local?.getAudioTracks().forEach((tr) => (tr.enabled = !muted));
    call.local?.getVideoTracks().forEach((tr) => (tr.enabled = !cameraOff));
  }, [call.local, muted, cameraOff]);

  useShortcut('m', 'console.act.mute', () => setMuted((m) => !m));
  useShortcut('v', 'console.act.camera', () => setCameraOff((c) => !c));
  useShortcut('e', 'console.act.endCall', onEnd);

  const s = call.stats;
  return (
    <section
      className={call.media.video ? 'call-view' : 'call-view audio-only'}
      data-link={call.link}
      data-video={call.media.video}
      data-testid="call-view"
    >
      <div className="videos">
        <StreamVideo stream={call.remote} muted={false} className="remote" testId="remote-video" />
        <StreamVideo stream={call.local} muted className="self" testId="self-video" />
        {call.link === 'reconnecting' && <p className="banner">{t('console.reconnecting')}</p>}
        {!call.media.video && <p className="banner">{t('video.media.audioOnly')}</p>}
      </div>
      <CallQuality call={call} />
      <div className="call-controls">
        <button type="button" aria-pressed={muted} onClick={() => setMuted(!muted)}>
          {t(muted ? 'video.call.unmute' : 'video.call.mute')} <Kbd k="m" />
        </button>
        <button type="button" aria-pressed={cameraOff} onClick={() => setCameraOff(!cameraOff)}>
          {t(cameraOff ? 'video.call.cameraOn' : 'video.call.cameraOff')} <Kbd k="v" />
        </button>
        <button type="button" className="danger" onClick={onEnd}>
          {t('video.call.end')} <Kbd k="e" />
        </button>
        <span
          className="stats"
          data-testid="call-stats"
          data-connection={s?.connection ?? ''}
          data-frames-decoded={s?.framesDecoded ?? 0}
          data-path={s?.path ?? ''}
          data-ice-restarts={s?.iceRestarts ?? 0}
          data-fps={s?.fps ?? ''}
        >
          {t(`console.link.${call.link}`)}
          {s &&
            ' · ' +
              t('console.stats', {
                rtt: s.rttMs ?? '–',
                loss: s.lossPct ?? '–',
                kbps: s.kbps ?? '–',
                path: s.path ?? '–',
              })}
        </span>
      </div>
    </section>
  );
}
