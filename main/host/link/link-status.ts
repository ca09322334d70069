import { EventEmitter } from 'node:events';
import type { LinkStatus } from '../../../contract/kiosk';
import type { Contact } from './http';

// Whether the central service answers, since when, and how far its clock is from ours. Online means
// the last HTTP contact succeeded or the event WebSocket is open.

export class LinkMonitor extends EventEmitter<{ change: [LinkStatus] }> {
  private httpOk = false;
  private wsOpen = false;
  private lastContactAt: string | null = null;
  private clockSkewMs: number | null = null;
  private last = '';

  constructor(private readonly facts: { enrolled: () => boolean; outboxDepth: () => number }) {
    super();
  }

  get online(): boolean {
    return this.wsOpen || this.httpOk;
  }

  onContact(c: Contact): void {
    this.httpOk = c.ok;
    if (c.ok) this.lastContactAt = new Date(c.receivedAt).toISOString();
    if (c.ok && c.serverDate && !Number.isNaN(c.serverDate.getTime())) {
      // The Date header has one-second resolution: compare with the middle of the round trip.
      const mid = (c.sentAt + c.receivedAt) / 2;
      this.clockSkewMs = Math.round(c.serverDate.getTime() + 500 - mid);
    }
    this.changed();
  }

  /** A precise skew from a heartbeat answer (serverTime − middle of the round trip). */
  setSkew(ms: number): void {
    if (Number.isFinite(ms)) this.clockSkewMs = Math.round(ms);
  }

  setSocketOpen(open: boolean): void {
    this.wsOpen = open;
    if (open) this.lastContactAt = new Date().toISOString();
    else this.httpOk = false;
    this.changed();
  }

  status(): LinkStatus {
    return {
      online: this.online,
      enrolled: this.facts.enrolled(),
      lastContactAt: this.lastContactAt,
      outboxDepth: this.facts.outboxDepth(),
      clockSkewMs: this.clockSkewMs,
    };
  }

  /** Emits `change` when online/enrolled/depth changed (not on every contact time). */
  changed(): void {
    const s = this.status();
    const key = `${s.online}|${s.enrolled}|${s.outboxDepth}`;
    if (key === this.last) return;
    this.last = key;
    this.emit('change', s);
  }
}
