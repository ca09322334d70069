import { lazy, Suspense, useEffect, useState } from 'react';
import type { PushBody, UploadDocumentRequest, VideoCase } from '../../../contract/video';
import { Bi, useI18n } from '../../shared/i18n';
import { useDoorstep } from '../doorstep/useDoorstep';
import { AgentCard } from './AgentCard';
import { DocumentCapture } from './DocumentCapture';
import { SignaturePad } from './SignaturePad';
import type { KioskCall } from './useKioskCall';
import { StreamVideo } from '../../shared/StreamVideo';

// The resident's call screen: the agent large, self-view small, mute / camera / end, a reconnecting
// notice, and whatever the agent pushed (materials list, a short form from the catalogue, a document
// photo request, a signature request) in a panel beside the video.

// The form screen (with zod and the form templates) loads on the first pushed form, keeping the kiosk's
// entry bundle as small as before; the host serves it locally, so it appears at once and offline too.
const FormPanel = lazy(() => import('./FormPanel').then((m) => ({ default: m.FormPanel })));

export function KioskCallView({
  vc,
  call,
  push,
  onPushDone,
}: {
  vc: VideoCase;
  call: KioskCall;
  push: PushBody | null;
  onPushDone(): void;
}) {
  const api = useDoorstep();
  const { lang } = useI18n();
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  // What was last sent: a signature is not a photo, and the resident is told which arrived.
  const [sent, setSent] = useState<'photo' | 'signature' | null>(null);

  useEffect(() => {
    call.local?.getAudioTracks().forEach((t) => (t.enabled = !muted));
    call.local?.getVideoTracks().forEach((t) => (t.enabled = !cameraOff));
  }, [call.local, muted, cameraOff]);

  const upload = async (document: UploadDocumentRequest) => {
    await api.call('video.upload', { caseId: vc.id, document });
    setSent(document.kind === 'signature' ? 'signature' : 'photo');
    onPushDone();
  };
  const end = () => {
    void api.call('video.signal', { caseId: vc.id, body: { kind: 'hangup' } }).catch(() => undefined);
  };
  const reconnecting = vc.status === 'reconnecting' || call.link === 'reconnecting';

  return (
    <div
      className="video-overlay in-call"
      data-testid="video-call"
      data-link={call.link}
      data-connection={call.stats?.connection ?? ''}
      data-frames-decoded={call.stats?.framesDecoded ?? 0}
      data-path={call.stats?.path ?? ''}
      data-ice-restarts={call.stats?.iceRestarts ?? 0}
      data-fps={call.stats?.fps ?? ''}
      data-quality={call.quality?.state ?? ''}
      data-video={call.video}
    >
      <div className="call-main">
        <AgentCard name={vc.agentName} compact />
        <div className="call-videos">
          <StreamVideo stream={call.remote} muted={false} className="remote" testId="kiosk-remote-video" />
          {/* No empty framed box where no camera started. */}
          {call.local && <StreamVideo stream={call.local} muted className="self" testId="kiosk-self-video" />}
          <div className="call-status">
            {/* "Connecting" under "the camera cannot be used" would promise what will not come. */}
            {call.link !== 'connected' && !reconnecting && !call.failed && (
              <p className="call-banner connecting" role="status" data-testid="kiosk-connecting">
                <Bi k="video.call.connecting" />
              </p>
            )}
            {reconnecting && (
              <p className="call-banner reconnecting" role="status" data-testid="kiosk-reconnecting">
                <Bi k="video.call.reconnecting" />
              </p>
            )}
            {call.failed && (
              <p className="call-banner failed" role="alert" data-testid="kiosk-no-camera">
                <Bi k="video.call.noCamera" />
              </p>
            )}
            {!call.video && (
              <p className="call-banner audio-only" role="status" data-testid="kiosk-audio-only">
                <Bi k="video.media.audioOnly" />
              </p>
            )}
            {!reconnecting && call.quality && call.quality.state !== 'good' && call.video && (
              <p
                className={`call-banner call-quality ${call.quality.state}`}
                role="status"
                data-testid="kiosk-quality"
                data-state={call.quality.state}
              >
                <Bi k={`video.quality.kiosk.${call.quality.state}`} />
              </p>
            )}
          </div>
          {call.asked !== null && (
            <div
              className="media-ask"
              role="alertdialog"
              data-testid="kiosk-media-ask"
              data-video={call.asked}
            >
              <Bi k={call.asked ? 'video.media.askVideo' : 'video.media.askAudio'} as="p" />
              <button
                type="button"
                className="big primary"
                data-testid="media-yes"
                onClick={() => call.answer(true)}
              >
                <Bi k="video.media.yes" />
              </button>
              <button type="button" className="big" data-testid="media-no" onClick={() => call.answer(false)}>
                <Bi k="video.media.no" />
              </button>
            </div>
          )}
        </div>
        {sent && !push && (
          <p className="call-sent" role="status" data-testid="kiosk-sent" data-sent={sent}>
            <Bi k={sent === 'signature' ? 'kiosk.video.signed' : 'video.doc.sent'} />
          </p>
        )}
        <div className="video-actions call-actions">
          <button type="button" className="big" aria-pressed={muted} onClick={() => setMuted(!muted)}>
            <Bi k={muted ? 'video.call.unmute' : 'video.call.mute'} />
          </button>
          <button
            type="button"
            className="big"
            aria-pressed={cameraOff}
            onClick={() => setCameraOff(!cameraOff)}
          >
            <Bi k={cameraOff ? 'video.call.cameraOn' : 'video.call.cameraOff'} />
          </button>
          <button type="button" className="big danger" data-testid="call-end" onClick={end}>
            <Bi k="video.call.end" />
          </button>
        </div>
      </div>
      {push?.kind === 'checklist' && (
        <div className="video-panel" data-testid="pushed-checklist">
          <Bi k="video.checklist.title" as="h2" />
          <h3>{push.title[lang]}</h3>
          <ol>
            {push.items.map((i) => (
              <li key={i.zh}>{i[lang]}</li>
            ))}
          </ol>
          <button type="button" className="big" onClick={onPushDone}>
            <Bi k="common.confirm" />
          </button>
        </div>
      )}
      {push?.kind === 'form' && (
        <Suspense fallback={null}>
          <FormPanel
            key={push.formId}
            vc={vc}
            formId={push.formId}
            templateId={push.templateId}
            onDone={onPushDone}
          />
        </Suspense>
      )}
      {push?.kind === 'document.request' && <DocumentCapture onSend={upload} onCancel={onPushDone} />}
      {push?.kind === 'signature.request' && <SignaturePad text={push.text} onSend={upload} />}
    </div>
  );
}
