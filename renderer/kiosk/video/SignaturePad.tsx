import { useRef, useState, type PointerEvent } from 'react';
import type { UploadDocumentRequest } from '../../../contract/video';
import { Bi } from '../../shared/i18n';

// The text to sign and a large pad; strokes follow pointer events (finger, pen or mouse). The stroke
// image (PNG) goes to the case with the text that was signed. The pad is 2:1, not a thin strip: a
// Chinese name written by an elder's finger needs the height (call-look.css keeps the same ratio).

const W = 900;
const H = 450;

export function SignaturePad({
  text,
  onSend,
}: {
  text: string;
  onSend(d: UploadDocumentRequest): Promise<void>;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [strokes, setStrokes] = useState(0);
  const [busy, setBusy] = useState(false);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * W) / r.width, y: ((e.clientY - r.top) * H) / r.height };
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    const g = canvas.current?.getContext('2d');
    if (!g) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const p = point(e);
    // A pen that shows: 10 of 900 px is 7-11 px on screen at the kiosk sizes (the pad is 680-1030 px wide).
    g.lineWidth = 10;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.strokeStyle = '#000';
    g.beginPath();
    g.moveTo(p.x, p.y);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const g = canvas.current?.getContext('2d');
    const p = point(e);
    g?.lineTo(p.x, p.y);
    g?.stroke();
  };
  const up = () => {
    if (drawing.current) setStrokes((n) => n + 1);
    drawing.current = false;
  };
  const clear = () => {
    canvas.current?.getContext('2d')?.clearRect(0, 0, W, H);
    setStrokes(0);
  };
  const send = async () => {
    const url = canvas.current?.toDataURL('image/png') ?? '';
    setBusy(true);
    try {
      await onSend({
        kind: 'signature',
        mime: 'image/png',
        width: W,
        height: H,
        dataBase64: url.slice(url.indexOf(',') + 1),
        signedText: text,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="video-panel signature" data-testid="signature">
      <Bi k="video.sign.title" as="h2" />
      <p className="sign-text">{text}</p>
      <canvas
        ref={canvas}
        width={W}
        height={H}
        className="sign-pad"
        data-testid="sign-pad"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      {strokes === 0 && <Bi k="video.sign.empty" as="p" />}
      <div className="video-actions">
        <button type="button" className="big" onClick={clear}>
          <Bi k="video.sign.clear" />
        </button>
        <button
          type="button"
          className="primary big"
          data-testid="sign-send"
          disabled={strokes === 0 || busy}
          onClick={() => void send()}
        >
          <Bi k="video.sign.send" />
        </button>
      </div>
    </div>
  );
}
