import { SignalServerMessage, type RelayBody } from '../../../contract/video';
import { wsUrl } from '../api';

// The agent's signaling socket (/api/v1/video/ws, session cookie). Reconnects with a growing delay,
// bounded, while the console is open; messages are validated with the contract.

export type SignalListener = (m: SignalServerMessage) => void;

export class SignalSocket {
  private ws: WebSocket | null = null;
  private readonly listeners = new Set<SignalListener>();
  private attempts = 0;
  private stopped = false;
  private queue: string[] = [];
  private ready = false;

  constructor(private readonly path = '/api/v1/video/ws') {
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(wsUrl(this.path));
    this.ws = ws;
    ws.onmessage = (e) => {
      const m = SignalServerMessage.safeParse(JSON.parse(String(e.data)));
      if (!m.success) return;
      if (m.data.type === 'hello') {
        this.ready = true;
        this.attempts = 0;
        for (const q of this.queue.splice(0)) ws.send(q);
      }
      for (const l of this.listeners) l(m.data);
    };
    ws.onclose = () => {
      this.ready = false;
      if (this.stopped) return;
      const delay = Math.min(5000, 250 * 2 ** this.attempts++);
      setTimeout(() => this.connect(), delay);
    };
  }

  send(caseId: string, body: RelayBody): void {
    const m = JSON.stringify({ type: 'relay', caseId, body });
    if (this.ready && this.ws?.readyState === WebSocket.OPEN) this.ws.send(m);
    else this.queue.push(m);
  }

  on(l: SignalListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  close(): void {
    this.stopped = true;
    this.ws?.close();
  }
}
