import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { ServerMessage, type EventEnvelope } from '../../../contract/events';
import type { Log } from '../log';
import { Backoff, Timer } from './backoff';

// The central event WebSocket (/api/v1/events): station token in the Authorization header, resumed
// with since=<last event id we handled> so every event arrives once, in order, across reconnects;
// reconnects with backoff for as long as the host runs.

export interface EventStreamOptions {
  baseUrl: string;
  centreId: string;
  getToken: () => string | null;
  getCursor: () => string | null;
  setCursor: (id: string) => void;
  log: Log;
  /** The pinned district CA (link/tls.ts): central's certificate must chain to it. */
  ca?: string | null;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class EventStream extends EventEmitter<{ open: []; close: []; event: [EventEnvelope] }> {
  private ws: WebSocket | undefined;
  private readonly backoff: Backoff;
  private readonly timer = new Timer();
  private running = false;

  constructor(private readonly o: EventStreamOptions) {
    super();
    this.backoff = new Backoff(o.minBackoffMs ?? 500, o.maxBackoffMs ?? 15_000);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  /** Reconnects now (e.g. after central answered HTTP again), skipping the backoff wait. */
  poke(): void {
    if (this.running && !this.ws) {
      this.timer.cancel();
      this.connect();
    }
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  private connect(): void {
    const token = this.o.getToken();
    if (!token) return;
    const url = new URL('/api/v1/events', this.o.baseUrl.replace(/^http/, 'ws'));
    url.searchParams.set('centreId', this.o.centreId);
    const since = this.o.getCursor();
    if (since) url.searchParams.set('since', since);
    const ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${token}` },
      handshakeTimeout: 5000,
      ...(this.o.ca ? { ca: this.o.ca } : {}),
    });
    this.ws = ws;
    let opened = false;
    ws.on('open', () => {
      opened = true;
      this.backoff.reset();
      this.o.log('info', 'link', `event stream open${since ? ` (resuming after ${since})` : ''}`);
      this.emit('open');
    });
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('error', (err) => this.o.log('debug', 'link', `event stream: ${err.message}`));
    ws.on('close', () => {
      if (this.ws === ws) this.ws = undefined;
      if (opened) {
        this.o.log('warn', 'link', 'event stream closed');
        this.emit('close');
      }
      if (this.running) this.timer.schedule(this.backoff.next(), () => this.connect());
    });
  }

  private onMessage(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return;
    }
    const msg = ServerMessage.safeParse(raw);
    if (!msg.success) return; // other message kinds (video signaling) are not the host's
    const m = msg.data;
    if (m.type === 'hello') {
      if (!this.o.getCursor()) this.o.setCursor(String(m.lastEventId));
      return;
    }
    const env = m as EventEnvelope;
    this.o.setCursor(String(env.id));
    this.emit('event', env);
  }

  close(): void {
    this.running = false;
    this.timer.cancel();
    const ws = this.ws;
    this.ws = undefined;
    ws?.removeAllListeners();
    ws?.on('error', () => undefined);
    if (ws && ws.readyState !== WebSocket.CLOSED) ws.terminate();
  }
}
