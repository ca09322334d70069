import { useEffect, useRef, useState } from 'react';
import type { DoorstepApi } from '../../../contract/kiosk';
import type { UploadDocumentRequest } from '../../../contract/video';
import { Bi } from '../../shared/i18n';
import { useDoorstep } from '../doorstep/useDoorstep';
import { chooseDocumentCamera } from './camera';

// A document photo: a live preview from the document camera (the one kiosk.json names, else one whose
// label says so), else the main camera, at the highest resolution it offers; the resident captures,
// checks the still, and confirms before anything is sent.

async function documentCamera(api: DoorstepApi): Promise<MediaStream> {
  const settings = await api.call('video.settings', {}).catch(() => null);
  const devices = await navigator.mediaDevices.enumerateDevices();
  const cams = devices.filter((d) => d.kind === 'videoinput');
  const doc = chooseDocumentCamera(cams, settings?.documentCamera?.label ?? null);
  const max = { width: { ideal: 4096 }, height: { ideal: 3072 } };
  return navigator.mediaDevices.getUserMedia({
    video: doc ? { deviceId: { exact: doc }, ...max } : max,
  });
}

export function DocumentCapture({
  onSend,
  onCancel,
}: {
  onSend(d: UploadDocumentRequest): Promise<void>;
  onCancel(): void;
}) {
  const api = useDoorstep();
  const video = useRef<HTMLVideoElement>(null);
  const [still, setStill] = useState<{ url: string; width: number; height: number; base64: string } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  // The capture button waits for the first decoded frame: a tap before it would take nothing.
  const [ready, setReady] = useState(false);
  /** The label of the camera in use (for the technician's eye and the tests). */
  const [camera, setCamera] = useState('');

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    void documentCamera(api).then((s) => {
      if (stopped) return s.getTracks().forEach((t) => t.stop());
      stream = s;
      setCamera(s.getVideoTracks()[0]?.label ?? '');
      if (video.current) video.current.srcObject = s;
    }, onCancel);
    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [api, onCancel]);

  const capture = () => {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    const url = canvas.toDataURL('image/jpeg', 0.9);
    setStill({ url, width: canvas.width, height: canvas.height, base64: url.slice(url.indexOf(',') + 1) });
  };
  const send = async () => {
    if (!still) return;
    setBusy(true);
    try {
      await onSend({
        kind: 'photo',
        mime: 'image/jpeg',
        width: still.width,
        height: still.height,
        dataBase64: still.base64,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="video-panel document-capture" data-testid="doc-capture" data-camera={camera}>
      <Bi k="video.doc.title" as="h2" />
      <video
        ref={video}
        autoPlay
        playsInline
        muted
        hidden={still !== null}
        className="doc-preview"
        onLoadedData={(e) => setReady(e.currentTarget.videoWidth > 0)}
        onResize={(e) => setReady(e.currentTarget.videoWidth > 0)}
      />
      {still && (
        <img
          src={still.url}
          alt=""
          className="doc-preview"
          data-width={still.width}
          data-height={still.height}
          data-testid="doc-still"
        />
      )}
      <div className="video-actions">
        {!still && (
          <button
            type="button"
            className="primary big"
            data-testid="doc-capture-btn"
            disabled={!ready}
            aria-busy={!ready}
            onClick={capture}
          >
            <Bi k={ready ? 'video.doc.capture' : 'video.doc.starting'} />
          </button>
        )}
        {still && (
          <>
            <button type="button" className="big" onClick={() => setStill(null)}>
              <Bi k="video.doc.retake" />
            </button>
            <button
              type="button"
              className="primary big"
              data-testid="doc-send"
              disabled={busy}
              onClick={() => void send()}
            >
              <Bi k="video.doc.send" />
            </button>
          </>
        )}
        <button type="button" className="big" onClick={onCancel}>
          <Bi k="common.cancel" />
        </button>
      </div>
    </div>
  );
}
