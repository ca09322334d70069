import { useEffect, useRef, useState } from 'react';
import type { MediaCheckKind } from '../../../contract/kiosk';
import type { MessageKey } from '../../../contract/i18n';
import { Bi } from '../../shared/i18n';
import { useDoorstep } from '../doorstep/useDoorstep';
import { chooseDocumentCamera } from '../video/camera';
import { MIC_OK_DBFS, cameraDetail, dbfs, meterOf, rmsOf } from './media';

// What video help needs, tested by the technician on the kiosk itself: each camera shows a live
// picture (frames counted), the microphone's level moves a meter for a few seconds, the speaker plays
// a tone the technician says they heard. Each result goes to the host, which shows it in the status
// and sends it with the heartbeat (contract/kiosk.ts MediaCheck).

const KINDS: MediaCheckKind[] = ['camera', 'microphone', 'speaker', 'document_camera'];
/** Frames a camera must deliver, and how long it may take. */
const CAMERA_FRAMES = 10;
const CAMERA_WAIT_MS = 8000;
/** How long the microphone is listened to. */
const MIC_LISTEN_MS = 3000;
const MIC_STEP_MS = 50;

type Outcome = { ok: boolean; detail: string; say?: MessageKey };
type Row = { state: 'idle' | 'running' | 'asking' } | { state: 'done'; outcome: Outcome };

/** Counts decoded frames of a playing video until `n` or the time bound. */
function countFrames(video: HTMLVideoElement, n: number, ms: number): Promise<number> {
  return new Promise((resolve) => {
    let frames = 0;
    const timer = setTimeout(() => resolve(frames), ms);
    const next = () =>
      video.requestVideoFrameCallback(() => {
        frames++;
        if (frames >= n) {
          clearTimeout(timer);
          resolve(frames);
        } else next();
      });
    next();
  });
}

export function MediaTests() {
  const api = useDoorstep();
  const [rows, setRows] = useState<Record<MediaCheckKind, Row>>(
    () => Object.fromEntries(KINDS.map((k) => [k, { state: 'idle' }])) as Record<MediaCheckKind, Row>,
  );
  const [level, setLevel] = useState(0);
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const audio = useRef<AudioContext | null>(null);
  const answer = useRef<((heard: boolean) => void) | null>(null);

  const stop = () => {
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    void audio.current?.close().catch(() => undefined);
    audio.current = null;
  };
  useEffect(() => stop, []);

  const set = (kind: MediaCheckKind, row: Row) => setRows((r) => ({ ...r, [kind]: row }));

  const camera = async (kind: 'camera' | 'document_camera'): Promise<Outcome> => {
    const cams = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    let deviceId: string | null = null;
    if (kind === 'document_camera') {
      const settings = await api.call('video.settings', {}).catch(() => null);
      deviceId = chooseDocumentCamera(cams, settings?.documentCamera?.label ?? null);
      if (!deviceId) {
        return {
          ok: false,
          detail: `no document camera among ${cams.length} camera(s)`,
          say: 'kiosk.tech.media.noDocCamera',
        };
      }
    }
    const s = await navigator.mediaDevices.getUserMedia({
      video: deviceId ? { deviceId: { exact: deviceId } } : true,
    });
    stream.current = s;
    const v = video.current!;
    v.srcObject = s;
    await v.play();
    const frames = await countFrames(v, CAMERA_FRAMES, CAMERA_WAIT_MS);
    const label = s.getVideoTracks()[0]?.label ?? '';
    const detail = cameraDetail(label, v.videoWidth, v.videoHeight, frames);
    return { ok: frames >= CAMERA_FRAMES && v.videoWidth > 0, detail };
  };

  const microphone = async (): Promise<Outcome> => {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    stream.current = s;
    const ctx = new AudioContext();
    audio.current = ctx;
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    ctx.createMediaStreamSource(s).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    let peak = 0;
    for (let i = 0; i < MIC_LISTEN_MS / MIC_STEP_MS; i++) {
      await new Promise((r) => setTimeout(r, MIC_STEP_MS));
      analyser.getFloatTimeDomainData(buf);
      const rms = rmsOf(buf);
      peak = Math.max(peak, rms);
      setLevel(meterOf(rms));
    }
    setLevel(0);
    const label = s.getAudioTracks()[0]?.label || 'microphone';
    return { ok: dbfs(peak) >= MIC_OK_DBFS, detail: `${label}: peak ${dbfs(peak)} dBFS`.slice(0, 200) };
  };

  const speaker = async (kind: MediaCheckKind): Promise<Outcome> => {
    const ctx = new AudioContext();
    audio.current = ctx;
    const tone = ctx.createOscillator();
    const gain = ctx.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(ctx.destination);
    tone.start();
    set(kind, { state: 'asking' });
    const heard = await new Promise<boolean>((resolve) => (answer.current = resolve));
    answer.current = null;
    tone.stop();
    const out = (await navigator.mediaDevices.enumerateDevices()).find((d) => d.kind === 'audiooutput');
    const label = out?.label || 'default output';
    return { ok: heard, detail: `${label}: 880 Hz tone ${heard ? 'heard' : 'not heard'} by the technician` };
  };

  const run = async (kind: MediaCheckKind) => {
    stop();
    set(kind, { state: 'running' });
    let outcome: Outcome;
    try {
      outcome =
        kind === 'microphone'
          ? await microphone()
          : kind === 'speaker'
            ? await speaker(kind)
            : await camera(kind);
    } catch (err) {
      const e = err as { name?: string; message?: string };
      outcome = {
        ok: false,
        detail: `${e.name ?? 'Error'}: ${e.message ?? String(err)}`.slice(0, 200),
        say: 'kiosk.tech.media.noDevice',
      };
    }
    // The picture stays up after a camera test; sound stops.
    if (kind !== 'camera' && kind !== 'document_camera') stop();
    set(kind, { state: 'done', outcome });
    await api
      .call('tech.mediaResult', { kind, ok: outcome.ok, detail: outcome.detail })
      .catch(() => undefined);
  };

  const busy = KINDS.some((k) => rows[k].state === 'running' || rows[k].state === 'asking');
  return (
    <section className="tech-media" data-testid="tech-media">
      <h3>
        <Bi k="kiosk.tech.media.title" />
      </h3>
      <div className="tech-media-body">
        <video
          ref={video}
          className="tech-media-preview"
          data-testid="tech-media-preview"
          muted
          playsInline
        />
        <ul className="tech-media-list">
          {KINDS.map((kind) => {
            const row = rows[kind];
            return (
              <li
                key={kind}
                data-testid={`tech-media-${kind}`}
                data-state={row.state === 'done' ? (row.outcome.ok ? 'ok' : 'failed') : row.state}
              >
                <span className="tech-media-name">
                  <Bi k={`kiosk.tech.media.${kind}`} />
                </span>
                <button
                  type="button"
                  className="big-button secondary"
                  data-testid={`tech-media-run-${kind}`}
                  disabled={busy}
                  onClick={() => void run(kind)}
                >
                  <Bi k="kiosk.tech.media.test" />
                </button>
                <span className="tech-media-result" role="status">
                  {row.state === 'idle' && <Bi k="kiosk.tech.media.notRun" />}
                  {row.state === 'running' && kind === 'microphone' && (
                    <>
                      <Bi k="kiosk.tech.media.speak" />
                      <meter
                        className="tech-media-meter"
                        data-testid="tech-media-level"
                        min={0}
                        max={1}
                        value={level}
                      />
                    </>
                  )}
                  {row.state === 'running' && kind !== 'microphone' && <Bi k="kiosk.tech.media.running" />}
                  {row.state === 'asking' && (
                    <span className="tech-media-ask">
                      <Bi k="kiosk.tech.media.heardQ" />
                      <button
                        type="button"
                        className="big-button primary"
                        data-testid="tech-media-heard"
                        onClick={() => answer.current?.(true)}
                      >
                        <Bi k="kiosk.tech.media.heard" />
                      </button>
                      <button
                        type="button"
                        className="big-button secondary"
                        data-testid="tech-media-not-heard"
                        onClick={() => answer.current?.(false)}
                      >
                        <Bi k="kiosk.tech.media.notHeard" />
                      </button>
                    </span>
                  )}
                  {row.state === 'done' && (
                    <>
                      <strong className={row.outcome.ok ? 'ok' : 'failed'}>
                        <Bi k={row.outcome.ok ? 'kiosk.tech.media.ok' : 'kiosk.tech.media.failed'} />
                      </strong>{' '}
                      {row.outcome.say && <Bi k={row.outcome.say} />}{' '}
                      <code className="tech-media-detail">{row.outcome.detail}</code>
                    </>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
