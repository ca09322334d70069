import type { IceConfig, RelayBody, VideoRole } from '../../contract/video';

// One side of a video call (agent = offerer, kiosk = answerer) over any relay transport. Trickle ICE,
// candidates queued until the remote description is set; ICE restart by the agent when the path fails
// or the network changes (the kiosk asks for one by sending `ready` again). Used by the console and
// the kiosk renderer alike.

export type LinkState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface PeerOptions {
  role: VideoRole;
  ice: IceConfig;
  local: MediaStream;
  send(body: RelayBody): void;
  onRemote(stream: MediaStream): void;
  onLink(state: LinkState): void;
}

const RESTART_AFTER_DISCONNECT_MS = 2000;
/** While not reconnected, try again: a restart made while the path was still down finds nothing. */
const RESTART_RETRY_MS = 5000;

export class VideoPeer {
  readonly pc: RTCPeerConnection;
  private pending: RTCIceCandidateInit[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private everConnected = false;
  /** ICE restarts made (agent) or asked for (kiosk) in this call. */
  restarts = 0;
  private closed = false;

  constructor(private readonly o: PeerOptions) {
    this.pc = new RTCPeerConnection({
      iceServers: o.ice.iceServers,
      iceTransportPolicy: o.ice.iceTransportPolicy,
    });
    for (const track of o.local.getTracks()) this.pc.addTrack(track, o.local);
    this.pc.ontrack = (e) => o.onRemote(e.streams[0] ?? new MediaStream([e.track]));
    this.pc.onicecandidate = (e) => {
      if (e.candidate?.candidate) {
        o.send({
          kind: 'ice',
          candidate: e.candidate.candidate,
          sdpMid: e.candidate.sdpMid,
          sdpMLineIndex: e.candidate.sdpMLineIndex,
        });
      }
    };
    this.pc.onconnectionstatechange = () => this.onState();
    window.addEventListener('online', this.onNetworkChange);
  }

  /** Agent: make (or remake, with ICE restart) the offer. Kiosk: ask the agent for one. */
  async start(restart = false): Promise<void> {
    if (this.closed) return;
    if (this.o.role === 'kiosk') {
      this.o.send({ kind: 'ready' });
      return;
    }
    if (restart) this.restarts++;
    const offer = await this.pc.createOffer({ iceRestart: restart });
    await this.pc.setLocalDescription(offer);
    this.o.send({ kind: 'sdp', type: 'offer', sdp: offer.sdp ?? '' });
  }

  async receive(body: RelayBody): Promise<void> {
    if (this.closed) return;
    if (body.kind === 'sdp') {
      await this.pc.setRemoteDescription({ type: body.type, sdp: body.sdp });
      for (const c of this.pending.splice(0)) await this.pc.addIceCandidate(c).catch(() => undefined);
      if (body.type === 'offer') {
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        this.o.send({ kind: 'sdp', type: 'answer', sdp: answer.sdp ?? '' });
      }
    } else if (body.kind === 'ice') {
      const c = { candidate: body.candidate, sdpMid: body.sdpMid, sdpMLineIndex: body.sdpMLineIndex };
      if (this.pc.remoteDescription) await this.pc.addIceCandidate(c).catch(() => undefined);
      else this.pending.push(c);
    } else if (body.kind === 'ready' && this.o.role === 'agent' && this.pc.signalingState === 'stable') {
      // An offer in flight answers this request too; a second one would race the first answer.
      await this.start(this.everConnected);
    }
  }

  private onState(): void {
    const s = this.pc.connectionState;
    if (s === 'connected') {
      this.everConnected = true;
      clearTimeout(this.restartTimer);
      clearTimeout(this.retryTimer);
      this.restartTimer = undefined;
      this.retryTimer = undefined;
      this.o.onLink('connected');
    } else if (s === 'disconnected' || s === 'failed') {
      if (!this.everConnected) return;
      this.o.onLink('reconnecting');
      if (s === 'failed') this.restart();
      else if (!this.restartTimer)
        this.restartTimer = setTimeout(() => this.restart(), RESTART_AFTER_DISCONNECT_MS);
    } else if (s === 'connecting' && !this.everConnected) {
      this.o.onLink('connecting');
    }
  }

  private readonly onNetworkChange = () => {
    if (this.everConnected) this.restart();
  };

  /** ICE restart: the agent re-offers; the kiosk asks for a re-offer. */
  restart(): void {
    clearTimeout(this.restartTimer);
    clearTimeout(this.retryTimer);
    this.restartTimer = undefined;
    if (this.closed) return;
    this.retryTimer = setTimeout(() => {
      if (this.pc.connectionState !== 'connected') this.restart();
    }, RESTART_RETRY_MS);
    if (this.o.role === 'agent') void this.start(true).catch(() => undefined);
    else {
      this.restarts++;
      this.o.send({ kind: 'ready' });
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.onNetworkChange);
    this.pc.close();
    this.o.onLink('closed');
  }
}

export interface CallStats {
  rttMs: number | null;
  lossPct: number | null;
  kbps: number | null;
  framesDecoded: number;
  fps: number | null;
  width: number | null;
  height: number | null;
  /** Type of the selected local candidate: host, srflx or relay. */
  path: string | null;
  /** RTCPeerConnection.connectionState when read. */
  connection: RTCPeerConnectionState;
  iceRestarts: number;
}

/** Connection quality from getStats; `prev` gives the bitrate over the interval since. */
export async function readStats(peer: VideoPeer, prev?: { bytes: number; at: number }) {
  const pc = peer.pc;
  const report = await pc.getStats();
  const s: CallStats = {
    connection: pc.connectionState,
    iceRestarts: peer.restarts,
    rttMs: null,
    lossPct: null,
    kbps: null,
    framesDecoded: 0,
    fps: null,
    width: null,
    height: null,
    path: null,
  };
  let bytes = 0;
  let lost = 0;
  let received = 0;
  const byId = new Map<string, Record<string, unknown>>();
  report.forEach((r: Record<string, unknown>) => byId.set(r.id as string, r));
  const transport = [...byId.values()].find((r) => r.type === 'transport' && r.selectedCandidatePairId);
  const selectedPairId = transport?.selectedCandidatePairId as string | undefined;
  for (const r of byId.values()) {
    if (r.type === 'inbound-rtp') {
      bytes += Number(r.bytesReceived ?? 0);
      lost += Number(r.packetsLost ?? 0);
      received += Number(r.packetsReceived ?? 0);
      if (r.kind === 'video') {
        s.framesDecoded = Number(r.framesDecoded ?? 0);
        s.fps = r.framesPerSecond === undefined ? null : Number(r.framesPerSecond);
        s.width = r.frameWidth === undefined ? null : Number(r.frameWidth);
        s.height = r.frameHeight === undefined ? null : Number(r.frameHeight);
      }
    }
    const chosen = selectedPairId
      ? r.id === selectedPairId
      : r.state === 'succeeded' && (r.nominated || r.selected);
    if (r.type === 'candidate-pair' && chosen) {
      if (r.currentRoundTripTime !== undefined) s.rttMs = Math.round(Number(r.currentRoundTripTime) * 1000);
      const local = byId.get(r.localCandidateId as string);
      if (local) s.path = String(local.candidateType);
    }
  }
  s.lossPct = received + lost > 0 ? Math.round((lost / (received + lost)) * 1000) / 10 : null;
  const at = performance.now();
  if (prev && at > prev.at) s.kbps = Math.round(((bytes - prev.bytes) * 8) / (at - prev.at));
  return { stats: s, mark: { bytes, at } };
}
