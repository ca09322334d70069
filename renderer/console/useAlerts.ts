import { useEffect, useRef, useState } from 'react';
import type { Ticket } from '../../contract/ticket';

// Sounds for what an agent must not miss while looking elsewhere: a new video ticket in the agent's
// queue (two rising tones) and a video call that rings too long unanswered (three low tones). The
// agent can turn them off (remembered on this computer). Tones are made with Web Audio, no files.

const STORE_KEY = 'doorstep.console.sound';
/** A ringing call unanswered this long is announced (the kiosk rings for 60 s before "missed"). */
export const RING_TOO_LONG_MS = 30_000;

let ctx: AudioContext | null = null;

function tones(freqs: number[], ms = 160): void {
  try {
    ctx ??= new AudioContext();
    const start = ctx.currentTime + 0.02;
    freqs.forEach((f, i) => {
      const osc = ctx!.createOscillator();
      const gain = ctx!.createGain();
      osc.frequency.value = f;
      const at = start + (i * ms) / 1000;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + ms / 1000);
      osc.connect(gain).connect(ctx!.destination);
      osc.start(at);
      osc.stop(at + ms / 1000 + 0.02);
    });
  } catch {
    // no audio device: the screen still shows everything
  }
}

export interface Alerts {
  soundOn: boolean;
  toggle(): void;
  /** How many sounds were played (tests and the title attribute). */
  played: number;
}

/**
 * `ringing`: the id of the video case ringing now (null when none); its sound plays when the same
 * case still rings RING_TOO_LONG_MS later.
 */
export function useAlerts(waiting: Ticket[], ringing: string | null): Alerts {
  const [soundOn, setSoundOn] = useState(() => localStorage.getItem(STORE_KEY) !== 'off');
  const [played, setPlayed] = useState(0);
  const seen = useRef(new Set<string>());
  // Tickets issued before the console opened were waiting already: no sound for them.
  const [openedAt] = useState(() => Date.now() - 5000);
  const soundRef = useRef(soundOn);
  useEffect(() => {
    soundRef.current = soundOn;
    localStorage.setItem(STORE_KEY, soundOn ? 'on' : 'off');
  }, [soundOn]);

  useEffect(() => {
    const fresh = waiting.filter(
      (t) => t.channel === 'video' && !seen.current.has(t.id) && Date.parse(t.issuedAt) > openedAt,
    );
    waiting.forEach((t) => seen.current.add(t.id));
    if (fresh.length > 0 && soundRef.current) {
      tones([660, 880]);
      setPlayed((n) => n + 1);
    }
  }, [waiting, openedAt]);

  useEffect(() => {
    if (ringing === null) return;
    const timer = setTimeout(() => {
      if (!soundRef.current) return;
      tones([440, 392, 440], 220);
      setPlayed((n) => n + 1);
    }, RING_TOO_LONG_MS);
    return () => clearTimeout(timer);
  }, [ringing]);

  return { soundOn, toggle: () => setSoundOn((s) => !s), played };
}
