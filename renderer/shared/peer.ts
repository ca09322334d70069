import type { IceConfig, RelayBody, VideoRole } from '../../contract/video';

// One side of a video call (agent = offerer, kiosk = answerer) over any relay transport. Trickle ICE,
// candidates queued until the remote description is set; ICE restart by the agent when the path fails
// or the network changes (the kiosk asks for one by sending `ready` again). Used by the console and
// the kiosk renderer alike.
//
// Fast setup (issue 19): the whole connection (TURN allocations, ICE checks, DTLS) is made while the
// kiosk rings, before anyone's media is attached: the kiosk answers with sendrecv transceivers that
// carry no track yet, the agent holds its tracks back. When the resident answers, `attach` puts the
// tracks on the senders (replaceTrack: no renegotiation, no round trip), so the first frames cost
// only the camera's start and one trip across the network.

export type LinkState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface PeerOptions {
  role: VideoRole;
  ice: IceConfig;
  /** The camera and microphone; null while the kiosk rings (the resident has not answered yet). */
  local: MediaStream | null;
  /** Agent: negotiate with the tracks but send nothing until `attach()` (the resident answered). */
  hold?: boolean;
  send(body: RelayBody): void;
  onRemote(stream: MediaStream): void;
  onLink(state: LinkState): void;
}

/**
 * A `disconnected` path must last this long before anyone is told "reconnecting" (and ICE restarts):
 * a short blip comes back by itself and is no alarm (issue 19). `failed` counts at once.
 */
export const RECONNECTING_AFTER_MS = 2000;
const RESTART_AFTER_DISCONNECT_MS = RECONNECTING_AFTER_MS;

/**
 * Sender settings for poor community networks (issue 19). The camera's bitrate is capped so it
 * cannot crowd out the voice on a thin uplink (unbounded, the sender put 2.7–3.6× the bytes on the
 * wire at 2–5 % loss); the cap goes down when the call quality does. 800 kbps is plenty for a face at
 * 640×480. Audio gets the high priority (bitrate share and, where the OS honours it, DSCP marking).
 * Video keeps its frame rate and lets the resolution fall: faces and lips moving smoothly matter more
 * to a conversation (residents who hear badly read lips) than sharpness; documents go as photos over
 * HTTP at full resolution. Opus in-band FEC is in Chromium's default offer (useinbandfec=1), so no SDP
 * munging; DTX stays off so a silent side still shows a live link to the quality meter.
 */
export const VIDEO_CAP_KBPS = { good: 800, poor: 400, 'very-poor': 250 } as const;
/** While not reconnected, try again: a restart made while the path was still down finds nothing. */
const RESTART_RETRY_MS = 5000;
/**
 * Kiosk: no offer this long after `ready` (lost on the way, or the agent not ready for it yet): say it
 * again, at most READY_TRIES times in all. An offer already on its way makes the agent ignore it.
 */
export const READY_AGAIN_MS = 3000;
const READY_TRIES = 10;

export class VideoPeer {
  readonly pc: RTCPeerConnection;
  private pending: RTCIceCandidateInit[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readyTimer: ReturnType<typeof setTimeout> | undefined;
  private everConnected = false;
  /** ICE restarts made (agent) or asked for (kiosk) in this call. */
  restarts = 0;
  private closed = false;
  private videoCapKbps: number = VIDEO_CAP_KBPS.good;
  private videoOn = true;
  private local: MediaStream | null;
  private held: boolean;
  /** The remote tracks as one stream (a sender without a stream, as the kiosk's while ringing, has none). */
  private readonly remote = new MediaStream();

  constructor(private readonly o: PeerOptions) {
    this.local = o.local;
    this.held = o.hold === true;
    this.pc = new RTCPeerConnection({
      iceServers: o.ice.iceServers,
      iceTransportPolicy: o.ice.iceTransportPolicy,
      // Gather (TURN allocations included: two round trips each) now, before the offer / answer, so
      // a slow link does not pay for them after the resident answers (issue 19).
      iceCandidatePoolSize: 1,
    });
    for (const track of o.local?.getTracks() ?? []) {
      const sender = this.pc.addTrack(track, o.local!);
      // Negotiated with its stream (msid), sending nothing until attach().
      if (this.held) void sender.replaceTrack(null).catch(() => undefined);
    }
    this.pc.ontrack = (e) => {
      // Held agent: the kiosk sends nothing before the resident presses answer, so its first media
      // packet (the receiver's track unmutes) IS the answer, half a round trip after the press; central's
      // `active` (the accept's HTTP trip, then the socket's) comes later, at 10 % loss often a TCP
      // retransmission later. Whichever comes first releases our tracks (issue 19, fast setup).
      if (this.o.role === 'agent')
        e.track.addEventListener('unmute', () => {
          if (this.held && !this.closed) void this.attach().catch(() => undefined);
        });
      for (const t of this.remote.getTracks()) if (t.kind === e.track.kind) this.remote.removeTrack(t);
      this.remote.addTrack(e.track);
      o.onRemote(new MediaStream(this.remote.getTracks()));
    };
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
      this.readyAgain(READY_TRIES - 1);
      return;
    }
    if (restart) this.restarts++;
    const offer = await this.pc.createOffer({ iceRestart: restart });
    await this.pc.setLocalDescription(offer);
    this.o.send({ kind: 'sdp', type: 'offer', sdp: offer.sdp ?? '' });
    await this.tune();
  }

  private readyAgain(left: number): void {
    clearTimeout(this.readyTimer);
    if (left <= 0) return;
    this.readyTimer = setTimeout(() => {
      if (this.closed || this.pc.remoteDescription) return;
      this.o.send({ kind: 'ready' });
      this.readyAgain(left - 1);
    }, READY_AGAIN_MS);
  }

  async receive(body: RelayBody): Promise<void> {
    if (this.closed) return;
    if (body.kind === 'sdp') {
      await this.pc.setRemoteDescription({ type: body.type, sdp: body.sdp });
      for (const c of this.pending.splice(0)) await this.pc.addIceCandidate(c).catch(() => undefined);
      if (body.type === 'offer') {
        // Ringing, the kiosk has no tracks yet: it answers sendrecv anyway, so attaching the camera
        // later needs no new offer / answer.
        if (this.o.role === 'kiosk')
          for (const t of this.pc.getTransceivers())
            if (t.direction === 'recvonly' && t.currentDirection !== 'stopped') t.direction = 'sendrecv';
        // Media attached before the offer came (a quick resident) goes on the senders it just made.
        await this.putTracks();
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        this.o.send({ kind: 'sdp', type: 'answer', sdp: answer.sdp ?? '' });
      }
      await this.tune();
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
      if (s === 'failed') {
        this.o.onLink('reconnecting');
        this.restart();
      } else if (!this.restartTimer)
        this.restartTimer = setTimeout(() => {
          // Still down after the threshold: now it is "reconnecting" (a blip has cleared the timer).
          this.o.onLink('reconnecting');
          this.restart();
        }, RESTART_AFTER_DISCONNECT_MS);
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

  /** The camera's bitrate cap, kbps (lowered on a poor link, raised again when it recovers). */
  async setVideoCap(kbps: number): Promise<void> {
    if (kbps === this.videoCapKbps) return;
    this.videoCapKbps = kbps;
    await this.tune();
  }

  /**
   * The resident answered: our camera and microphone go on the senders negotiated while ringing
   * (the kiosk passes its newly opened media; the agent releases what it held back).
   */
  async attach(local?: MediaStream): Promise<void> {
    if (local) this.local = local;
    this.held = false;
    await this.putTracks();
    await this.tune();
  }

  /** Audio-only (false) or back to video (true): our camera stops being sent; audio goes on. */
  async setVideoSending(on: boolean): Promise<void> {
    this.videoOn = on;
    await this.putTracks();
  }

  /** Each sender gets its track (none while held; no video in an audio-only call). */
  private async putTracks(): Promise<void> {
    for (const t of this.pc.getTransceivers()) {
      if (t.currentDirection === 'stopped') continue;
      const kind = t.receiver.track.kind;
      const track =
        this.held || !this.local || (kind === 'video' && !this.videoOn)
          ? null
          : ((kind === 'video' ? this.local.getVideoTracks() : this.local.getAudioTracks())[0] ?? null);
      // replaceTrack needs no renegotiation: a sender without a track sends nothing (no black frames).
      // Always called, never skipped on `sender.track`: a replaceTrack still queued (the hold made
      // in the constructor) has not changed that yet, and the calls run in order.
      await t.sender.replaceTrack(track);
    }
  }

  get sendingVideo(): boolean {
    return this.videoOn;
  }

  /** Applies the sender settings above; a browser that lacks one keeps its default for it. */
  private async tune(): Promise<void> {
    for (const t of this.pc.getTransceivers()) {
      if (t.currentDirection === 'stopped') continue;
      const sender = t.sender;
      // The kind of the m-line, known even while the sender has no track (kiosk ringing, held agent).
      const kind = t.receiver.track.kind;
      if (!kind) continue;
      const p = sender.getParameters();
      if (!p.encodings?.length) continue; // before negotiation: applied again after it
      for (const e of p.encodings) {
        if (kind === 'audio') {
          e.priority = 'high';
          e.networkPriority = 'high';
        } else {
          e.maxBitrate = this.videoCapKbps * 1000;
          e.priority = 'low';
          e.networkPriority = 'low';
        }
      }
      if (kind === 'video')
        (p as { degradationPreference?: string }).degradationPreference = 'maintain-framerate';
      try {
        await sender.setParameters(p);
      } catch {
        // Not supported here (e.g. degradationPreference): try without it, the cap matters most.
        delete (p as { degradationPreference?: string }).degradationPreference;
        await sender.setParameters(p).catch(() => undefined);
      }
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.readyTimer);
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
  return { stats: s, mark: { bytes, at }, report: [...byId.values()] };
}
