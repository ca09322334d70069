import { useEffect, useRef, useState } from 'react';
import type { RelayBody, VideoCase } from '../../../contract/video';
import { readStats, VideoPeer, type CallStats, type LinkState } from '../../shared/peer';
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
  receive(body: RelayBody): void;
}

export function useKioskCall(vc: VideoCase): KioskCall {
  const api = useDoorstep();
  const [link, setLink] = useState<LinkState>('new');
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [remote, setRemote] = useState<MediaStream | null>(null);
  const [failed, setFailed] = useState(false);
  const [stats, setStats] = useState<CallStats | null>(null);
  const peer = useRef<VideoPeer | null>(null);
  const buffer = useRef<RelayBody[]>([]);
  const caseId = vc.id;

  useEffect(() => {
    let cancelled = false;
    let media: MediaStream | null = null;
    let lastLink: LinkState = 'new';
    void (async () => {
      media = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
      const ice = await api.call('video.ice', {});
      if (cancelled) return;
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

  // Connection quality for the technician's eye (and the tests): read once a second while connected.
  useEffect(() => {
    if (!remote) return;
    let mark: { bytes: number; at: number } | undefined;
    const timer = setInterval(() => {
      const p = peer.current;
      if (p)
        void readStats(p, mark).then((r) => {
          mark = r.mark;
          setStats(r.stats);
        });
    }, 1000);
    return () => clearInterval(timer);
  }, [remote]);

  return {
    stats,
    link,
    local,
    remote,
    failed,
    receive(body) {
      if (peer.current) void peer.current.receive(body).catch(() => undefined);
      else buffer.current.push(body);
    },
  };
}
