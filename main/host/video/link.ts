import WebSocket from 'ws';
import { SignalServerMessage, type RelayBody, type VideoCase } from '../../../contract/video';
import type { KioskEvent } from '../../../contract/kiosk';
import { KioskHostError } from '../errors';

// The host's signaling link to central (/api/v1/video/ws, station token in the Authorization
// header). Case changes and relayed messages go to the renderer as `video` events; the renderer's
// messages go out through `send`. Reconnects with a bounded backoff while the host runs.

export interface VideoLinkOptions {
  baseUrl: string;
  getToken(): string | null;
  emit(e: KioskEvent): void;
  log(level: 'info' | 'warn', msg: string): void;
  /** The pinned district CA (link/tls.ts). */
  ca?: string | null;
}

const MIN_MS = 250;
const MAX_MS = 10_000;

export class VideoLink {
  private ws: WebSocket | undefined;
  private running = false;
  private ready = false;
  private delay = MIN_MS;
  private timer: NodeJS.Timeout | undefined;
  /** The station's latest case as central last told it (for a renderer that reloads). */
  current: VideoCase | null = null;

  constructor(private readonly o: VideoLinkOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  private connect(): void {
    if (!this.running) return;
    const token = this.o.getToken();
    if (!token) {
      this.retry();
      return;
    }
    const url = `${this.o.baseUrl.replace(/^http/, 'ws')}/api/v1/video/ws`;
    const ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${token}` },
      ...(this.o.ca ? { ca: this.o.ca } : {}),
    });
    this.ws = ws;
    ws.on('message', (raw) => {
      let json: unknown;
      try {
        json = JSON.parse(String(raw));
      } catch {
        return;
      }
      const m = SignalServerMessage.safeParse(json);
      if (!m.success) return;
      if (m.data.type === 'hello') {
        this.ready = true;
        this.delay = MIN_MS;
        return;
      }
      if (m.data.type === 'case') this.current = m.data.case;
      if (m.data.type === 'error') this.o.log('warn', `video signaling: ${m.data.code} ${m.data.message}`);
      this.o.emit({ type: 'video', message: m.data });
    });
    ws.on('close', () => {
      this.ready = false;
      this.retry();
    });
    ws.on('error', () => undefined); // 'close' follows
  }

  private retry(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), this.delay);
    this.timer.unref();
    this.delay = Math.min(MAX_MS, this.delay * 2);
  }

  send(caseId: string, body: RelayBody): void {
    if (!this.ready || this.ws?.readyState !== WebSocket.OPEN) {
      throw new KioskHostError('UNAVAILABLE', 'the video link to central is down');
    }
    this.ws.send(JSON.stringify({ type: 'relay', caseId, body }));
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.ws?.close();
  }
}
