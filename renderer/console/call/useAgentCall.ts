import { useCallback, useEffect, useRef, useState } from 'react';
import { Ticket } from '../../../contract/ticket';
import {
  type CaseDocument,
  IceConfig,
  type PushBody,
  type RelayBody,
  VideoCase,
} from '../../../contract/video';
import { api } from '../api';
import { VideoPeer, type CallStats, type LinkState } from '../../shared/peer';
import type { QualityReading } from '../../shared/video/quality';
import { useCallQuality } from '../../shared/video/useCallQuality';
import { SignalSocket } from './signal';
import { useQualityReport } from './useQualityReport';

// The agent's side of a call: opens the case (the kiosk rings), follows its state from the signaling
// socket, starts the peer when the resident accepts, reports network trouble and, when the call is
// lost for good, puts the ticket back at the head of this agent's queue.

export interface AgentCall {
  current: VideoCase | null;
  link: LinkState;
  local: MediaStream | null;
  remote: MediaStream | null;
  stats: CallStats | null;
  quality: QualityReading | null;
  media: MediaMode;
  /** Proposes audio-only (false) or video again (true) to the resident, who agrees or not. */
  proposeMedia(video: boolean): void;
  documents: CaseDocument[];
  open(ticket: Ticket): Promise<void>;
  push(body: PushBody): void;
  hangup(): void;
  setCase(c: VideoCase): void;
}

export interface MediaMode {
  video: boolean;
  /** The mode proposed and not yet answered. */
  asking: boolean | null;
  declined: boolean;
}
const FULL: MediaMode = { video: true, asking: null, declined: false };
/** Relay messages kept for a case not known yet (a ring's `ready` and a few ICE candidates). */
const EARLY_MAX = 20;

export function useAgentCall(onError: (e: unknown) => void): AgentCall {
  const [current, setCurrent] = useState<VideoCase | null>(null);
  const [link, setLink] = useState<LinkState>('new');
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [remote, setRemote] = useState<MediaStream | null>(null);
  const [media, setMedia] = useState<MediaMode>(FULL);
  const [documents, setDocuments] = useState<CaseDocument[]>([]);
  const socket = useRef<SignalSocket | null>(null);
  const peer = useRef<VideoPeer | null>(null);
  const buffered = useRef<RelayBody[]>([]);
  const caseRef = useRef<VideoCase | null>(null);
  const starting = useRef(false);
  const linkRef = useRef<LinkState>('new');
  // Relay messages for a case we do not know yet: the kiosk, with its TURN credentials at hand,
  // may say `ready` before our POST …/cases has come back on a slow link (issue 19).
  const early = useRef<Array<{ caseId: string; body: RelayBody }>>([]);

  const stopPeer = useCallback(() => {
    peer.current?.close();
    peer.current = null;
    starting.current = false;
    buffered.current = [];
    setRemote(null);
    setMedia(FULL);
    setLocal((s) => {
      s?.getTracks().forEach((tr) => tr.stop());
      return null;
    });
  }, []);

  const startPeer = useCallback(async (c: VideoCase) => {
    if (peer.current || starting.current) return;
    starting.current = true;
    const [ice, media] = await Promise.all([
      api(IceConfig, 'GET', '/api/v1/video/turn-credentials'),
      navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true }),
    ]).catch((e: unknown) => {
      starting.current = false;
      throw e;
    });
    // Prepared while ringing, the call may have gone meanwhile (missed, declined, another case).
    const now = caseRef.current;
    if (
      !starting.current ||
      now?.id !== c.id ||
      !['ringing', 'active', 'reconnecting'].includes(now.status)
    ) {
      media.getTracks().forEach((tr) => tr.stop());
      if (now?.id === c.id) starting.current = false;
      return;
    }
    setLocal(media);
    const p = new VideoPeer({
      role: 'agent',
      ice,
      local: media,
      // Ringing: the connection is made now, but our camera and voice reach the kiosk only once the
      // resident has answered (nothing to send to, and a thin link is not loaded for a ring).
      hold: now.status === 'ringing',
      send: (body) => socket.current?.send(c.id, body),
      onRemote: setRemote,
      onLink: (s) => {
        const prev = linkRef.current;
        linkRef.current = s;
        setLink(s);
        // A ring has no link to report (central keeps it for a call in progress only).
        if (s === 'reconnecting' && prev !== 'reconnecting' && caseRef.current?.status !== 'ringing') {
          void api(VideoCase, 'POST', `/api/v1/video/cases/${c.id}/link`, { state: 'reconnecting' }).catch(
            () => undefined,
          );
        }
        if (s === 'connected' && prev === 'reconnecting') {
          void api(VideoCase, 'POST', `/api/v1/video/cases/${c.id}/link`, { state: 'restored' }).catch(
            () => undefined,
          );
        }
      },
    });
    peer.current = p;
    starting.current = false;
    for (const b of buffered.current.splice(0)) await p.receive(b);
  }, []);

  const setCase = useCallback(
    (c: VideoCase) => {
      const prev = caseRef.current;
      caseRef.current = c;
      setCurrent(c);
      if (c.id !== prev?.id) {
        buffered.current.push(...early.current.filter((e) => e.caseId === c.id).map((e) => e.body));
        early.current = [];
      }
      if (c.status === 'active' && prev?.status === 'ringing') {
        void api(Ticket, 'POST', `/api/v1/tickets/${c.ticketId}/start`, {}).catch(() => undefined);
      }
      // The resident answered: what the peer held back goes out on the connection made while ringing.
      if (c.status === 'active' || c.status === 'reconnecting') void peer.current?.attach().catch(onError);
      // Prepared while the kiosk rings (credentials, camera, ICE gathering), so the resident's answer
      // costs only the offer / answer and the connectivity checks (issue 19).
      if (c.status === 'ringing' || c.status === 'active' || c.status === 'reconnecting')
        void startPeer(c).catch(onError);
      if (['ended', 'returned', 'declined', 'missed'].includes(c.status)) stopPeer();
      // Returned (lost for good): central itself puts the ticket back at the head of this agent's queue.
    },
    [onError, startPeer, stopPeer],
  );

  useEffect(() => {
    const s = new SignalSocket();
    socket.current = s;
    const off = s.on((m) => {
      const c = caseRef.current;
      if (m.type === 'case' && (!c || m.case.id === c.id)) setCase(m.case);
      // A form push central refused is the agent's to know (late ICE after a call ended is not).
      if (m.type === 'error' && m.ref) onError(Object.assign(new Error(m.message), { code: m.code }));
      if (m.type !== 'relay') return;
      if (!c || m.caseId !== c.id) {
        // Kept (bounded) until the case they belong to is ours; a stale call's leftovers age out.
        early.current = [...early.current, { caseId: m.caseId, body: m.body }].slice(-EARLY_MAX);
        return;
      }
      const body = m.body;
      if (body.kind === 'document.uploaded') setDocuments((d) => [...d, body.document]);
      else if (body.kind === 'form.reply' || body.kind === 'form.cancel')
        return; // CaseForms reads them
      else if (body.kind === 'hangup') stopPeer();
      else if (body.kind === 'media') {
        // The resident's answer to our proposal; both sides switch on `accept`.
        if (body.step === 'accept') {
          void peer.current?.setVideoSending(body.video).catch(onError);
          setMedia({ video: body.video, asking: null, declined: false });
        } else if (body.step === 'decline') setMedia((m) => ({ ...m, asking: null, declined: true }));
      } else if (peer.current) void peer.current.receive(body).catch(onError);
      else buffered.current.push(body);
    });
    return () => {
      off();
      s.close();
    };
  }, [setCase, stopPeer, onError]);

  // Measured once the call is on: while it rings nothing flows yet, which is no poor link.
  const inCall = current?.status === 'active' || current?.status === 'reconnecting';
  const { stats, quality } = useCallQuality(peer, remote !== null && inCall, media.video);
  useQualityReport(current, quality, media.video);

  const open = useCallback(
    async (ticket: Ticket) => {
      stopPeer();
      setDocuments([]);
      setLink('new');
      linkRef.current = 'new';
      const c = await api(VideoCase, 'POST', '/api/v1/video/cases', { ticketId: ticket.id });
      setCase(c);
    },
    [setCase, stopPeer],
  );

  const push = useCallback((body: PushBody) => {
    const c = caseRef.current;
    if (c) socket.current?.send(c.id, { kind: 'push', push: body });
  }, []);

  const proposeMedia = useCallback((video: boolean) => {
    const c = caseRef.current;
    if (!c) return;
    socket.current?.send(c.id, { kind: 'media', video, step: 'propose' });
    setMedia((m) => ({ ...m, asking: video, declined: false }));
  }, []);

  const hangup = useCallback(() => {
    const c = caseRef.current;
    if (c) socket.current?.send(c.id, { kind: 'hangup' });
    stopPeer();
  }, [stopPeer]);

  return {
    current,
    link,
    local,
    remote,
    stats,
    quality,
    media,
    proposeMedia,
    documents,
    open,
    push,
    hangup,
    setCase,
  };
}
