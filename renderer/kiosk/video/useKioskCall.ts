import { useEffect, useRef, useState } from 'react';
import type { IceConfig, RelayBody, VideoCase } from '../../../contract/video';
import { VideoPeer, type CallStats, type LinkState } from '../../shared/peer';
import type { QualityReading } from '../../shared/video/quality';
import { useCallQuality } from '../../shared/video/useCallQuality';
import { useDoorstep } from '../doorstep/useDoorstep';

// The kiosk's side of the call, from the first ring. While it rings, the connection is made without
// any media sent (TURN credentials held by the host, the peer, `ready` → the agent's offer → our
// answer, ICE and DTLS), and the camera is started but kept on the kiosk (docs/decisions.md, "camera
// warm while it rings"): the resident's answer then costs only the microphone's start, replaceTrack and
// the first frames (issue 19). The microphone opens only when the resident answers; nothing of either
// leaves the kiosk before that. Every signaling message goes through window.doorstep; messages that
// arrive before the peer exists wait in a buffer.

export interface KioskCall {
  link: LinkState;
  local: MediaStream | null;
  remote: MediaStream | null;
  failed: boolean;
  stats: CallStats | null;
  quality: QualityReading | null;
  /** False in an audio-only call. */
  video: boolean;
  /** The mode the agent proposed, waiting for the resident's answer. */
  asked: boolean | null;
  answer(yes: boolean): void;
  receive(body: RelayBody): void;
}

/**
 * False only when a bench compares with the old way (everything after the resident answers): set by
 * the bench's page script, never by the kiosk.
 */
const prepareWhileRinging = () =>
  (globalThis as { doorstepVideoPrepare?: boolean }).doorstepVideoPrepare !== false;
/** False only when a bench compares with the camera opened at the answer (as in session 4). */
const cameraWhileRinging = () =>
  (globalThis as { doorstepVideoEarlyCamera?: boolean }).doorstepVideoEarlyCamera !== false;

const CAMERA: MediaTrackConstraints = { width: 640, height: 480 };
/** How long the answer waits for the camera started while ringing. */
const WARM_CAMERA_WAIT_MS = 4000;

/** `answered`: the resident pressed answer (the case may still be ringing at central for a moment). */
export function useKioskCall(vc: VideoCase, answered: boolean): KioskCall {
  const api = useDoorstep();
  const [link, setLink] = useState<LinkState>('new');
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [remote, setRemote] = useState<MediaStream | null>(null);
  const [failed, setFailed] = useState(false);
  const [video, setVideo] = useState(true);
  const [asked, setAsked] = useState<boolean | null>(null);
  const peer = useRef<VideoPeer | null>(null);
  const buffer = useRef<RelayBody[]>([]);
  // Resolved when the peer exists (the camera may open before the credentials have come).
  const [peerMade] = useState(() => {
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  const answeredRef = useRef(answered);
  useEffect(() => {
    answeredRef.current = answered;
  }, [answered]);
  const caseId = vc.id;
  const [prepare] = useState(prepareWhileRinging);
  // The camera started while it rings (never sent before the answer); resolves null when it could not.
  const warmCamera = useRef<Promise<MediaStream | null> | null>(null);
  const start = prepare || answered;

  useEffect(() => {
    if (!start) return;
    let cancelled = false;
    let media: MediaStream | null = null;
    let lastLink: LinkState = 'new';
    void (async () => {
      let ice: IceConfig;
      if (prepare) ice = await api.call('video.ice', {});
      else {
        // Camera and TURN credentials at once: on a slow link the credentials' round trip is not added.
        [media, ice] = await Promise.all([
          navigator.mediaDevices.getUserMedia({ video: CAMERA, audio: true }),
          api.call('video.ice', {}),
        ]);
        if (cancelled) return media.getTracks().forEach((t) => t.stop());
        setLocal(media);
      }
      if (cancelled) return;
      const p = new VideoPeer({
        role: 'kiosk',
        ice,
        local: media,
        send: (body) => void api.call('video.signal', { caseId, body }).catch(() => undefined),
        onRemote: setRemote,
        onLink: (s) => {
          // Trouble while it still rings is no call trouble yet (central keeps no link for a ring).
          if (s === 'reconnecting' && lastLink !== 'reconnecting' && answeredRef.current) {
            void api.call('video.link', { caseId, state: 'reconnecting' }).catch(() => undefined);
          }
          lastLink = s;
          setLink(s);
        },
      });
      peer.current = p;
      peerMade.resolve();
      for (const b of buffer.current.splice(0)) await p.receive(b).catch(() => undefined);
      await p.start();
    })().catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
      peer.current?.close();
      peer.current = null;
      media?.getTracks().forEach((t) => t.stop());
    };
  }, [api, caseId, prepare, start, peerMade]);

  // While it rings the camera starts (a USB camera takes up to a second or two to give its first
  // frame), kept on the kiosk: the senders stay empty until the answer. The light goes off when the
  // call ends, answered or not.
  useEffect(() => {
    if (!prepare || !cameraWhileRinging()) return;
    let ended = false;
    const camera = navigator.mediaDevices.getUserMedia({ video: CAMERA, audio: false }).then(
      (cam) => {
        if (ended) cam.getTracks().forEach((t) => t.stop());
        return ended ? null : cam;
      },
      // No camera now (unplugged, refused) is no failure yet: the answer asks again with the microphone.
      () => null,
    );
    warmCamera.current = camera;
    return () => {
      ended = true;
      warmCamera.current = null;
      void camera.then((cam) => cam?.getTracks().forEach((t) => t.stop()));
    };
  }, [prepare, caseId]);

  // Prepared while ringing: on the answer the microphone opens (the camera is already running) and
  // both go on the senders negotiated while it rang.
  useEffect(() => {
    if (!prepare || !answered) return;
    let cancelled = false;
    let mic: MediaStream | null = null;
    void (async () => {
      // A camera still starting (or hung in its driver) is not waited on for ever: past the bound the
      // answer asks for camera and microphone together, as without the warm-up.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cam = await Promise.race([
        warmCamera.current,
        new Promise<null>((r) => (timer = setTimeout(() => r(null), WARM_CAMERA_WAIT_MS))),
      ]);
      clearTimeout(timer);
      if (cancelled) return;
      let media: MediaStream;
      if (cam?.getVideoTracks().some((t) => t.readyState === 'live')) {
        mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
        media = new MediaStream([...mic.getAudioTracks(), ...cam.getVideoTracks()]);
      } else {
        mic = await navigator.mediaDevices.getUserMedia({ video: CAMERA, audio: true });
        media = mic;
      }
      if (cancelled) return;
      setLocal(media);
      await peerMade.promise;
      if (!cancelled) await peer.current?.attach(media);
    })().catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
      mic?.getTracks().forEach((t) => t.stop());
    };
  }, [prepare, answered, caseId, peerMade]);

  // Connection quality for the resident's screen, the technician's eye and the tests: read once a
  // second while the call is on (not while it rings: nothing is sent yet).
  const { stats, quality } = useCallQuality(peer, remote !== null && answered, video);

  return {
    stats,
    quality,
    link,
    local,
    remote,
    failed,
    video,
    asked,
    answer(yes) {
      if (asked === null) return;
      const mode = asked;
      setAsked(null);
      void api
        .call('video.signal', {
          caseId,
          body: { kind: 'media', video: mode, step: yes ? 'accept' : 'decline' },
        })
        .catch(() => undefined);
      if (yes) {
        setVideo(mode);
        void peer.current?.setVideoSending(mode).catch(() => undefined);
      }
    },
    receive(body) {
      if (body.kind === 'media') {
        if (body.step === 'propose') setAsked(body.video);
        return;
      }
      if (peer.current) void peer.current.receive(body).catch(() => undefined);
      else buffer.current.push(body);
    },
  };
}
