import { useEffect, useRef, useState } from 'react';
import type { RelayBody, VideoCase } from '../../../contract/video';
import { VideoPeer, type CallStats, type LinkState } from '../../shared/peer';
import type { QualityReading } from '../../shared/video/quality';
import { useCallQuality } from '../../shared/video/useCallQuality';
import { useDoorstep } from '../doorstep/useDoorstep';

// The kiosk's side of the call: camera and microphone are asked for only now (after the resident
// answered), ICE servers come from central through the host, and every signaling message goes
// through window.doorstep. Messages that arrive before the peer exists wait in a buffer.

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

export function useKioskCall(vc: VideoCase): KioskCall {
  const api = useDoorstep();
  const [link, setLink] = useState<LinkState>('new');
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [remote, setRemote] = useState<MediaStream | null>(null);
  const [failed, setFailed] = useState(false);
  const [video, setVideo] = useState(true);
  const [asked, setAsked] = useState<boolean | null>(null);
  const peer = useRef<VideoPeer | null>(null);
  const buffer = useRef<RelayBody[]>([]);
  const caseId = vc.id;

  useEffect(() => {
    let cancelled = false;
    let media: MediaStream | null = null;
    let lastLink: LinkState = 'new';
    void (async () => {
      // Camera and TURN credentials at once: on a slow link the credentials' round trip is not added.
      const [m, ice] = await Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true }),
        api.call('video.ice', {}),
      ]);
      if (cancelled) {
        m.getTracks().forEach((t) => t.stop());
        return;
      }
      media = m;
      setLocal(media);
      const p = new VideoPeer({
        role: 'kiosk',
        ice,
        local: media,
        send: (body) => void api.call('video.signal', { caseId, body }).catch(() => undefined),
        onRemote: setRemote,
        onLink: (s) => {
          if (s === 'reconnecting' && lastLink !== 'reconnecting') {
            void api.call('video.link', { caseId, state: 'reconnecting' }).catch(() => undefined);
          }
          lastLink = s;
          setLink(s);
        },
      });
      peer.current = p;
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
  }, [api, caseId]);

  // Connection quality for the resident's screen, the technician's eye and the tests: read once a
  // second while media flows.
  const { stats, quality } = useCallQuality(peer, remote !== null, video);

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
