// Inactivity (domain.md "Kiosk session rules"): after idleSec without a touch a countdown of
// countdownSec appears; at its end the session ends. Pure: the hook feeds it the clock.

export type IdlePhase =
  { phase: 'active' } | { phase: 'countdown'; remainingSec: number } | { phase: 'expired' };

export interface IdleSettings {
  idleSec: number;
  countdownSec: number;
}

export function idlePhase(nowMs: number, lastActivityMs: number, s: IdleSettings): IdlePhase {
  const idleMs = nowMs - lastActivityMs;
  if (idleMs < s.idleSec * 1000) return { phase: 'active' };
  const leftMs = s.idleSec * 1000 + s.countdownSec * 1000 - idleMs;
  if (leftMs <= 0) return { phase: 'expired' };
  return { phase: 'countdown', remainingSec: Math.ceil(leftMs / 1000) };
}

/** Five taps within three seconds in the hidden corner open the technician PIN pad. */
export class TapCounter {
  private taps: number[] = [];

  constructor(
    private readonly needed = 5,
    private readonly withinMs = 3000,
  ) {}

  /** Records a tap; true when it completes the gesture (the counter then starts over). */
  tap(nowMs: number): boolean {
    this.taps = [...this.taps.filter((t) => nowMs - t < this.withinMs), nowMs];
    if (this.taps.length >= this.needed) {
      this.taps = [];
      return true;
    }
    return false;
  }
}
